/** The sync and restore algorithms behind {@link io.tinywide.chatsync.core.port.in.ChatSyncService}. {@code java.*} only. */
package io.tinywide.chatsync.core.engine;
