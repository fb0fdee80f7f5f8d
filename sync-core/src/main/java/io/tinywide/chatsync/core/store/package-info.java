/**
 * In-memory adapters of the store ports, for tests and for small embedders that keep their history
 * elsewhere and only need chatsync for one session. Nothing here survives the process.
 */
package io.tinywide.chatsync.core.store;
