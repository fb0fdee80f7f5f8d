/** Values and pure rules of the history: partitions, messages, tombstones, vaults and their merge. {@code java.*} only. */
package io.tinywide.chatsync.core.domain;
