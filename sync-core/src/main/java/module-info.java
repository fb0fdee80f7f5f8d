/**
 * chatsync core: the domain, the ports, the sync engine, the file codec and the crypto.
 *
 * <p>Applications use {@link io.tinywide.chatsync.core.ChatSync} to build a
 * {@link io.tinywide.chatsync.core.port.in.ChatSyncService}; provider modules implement
 * {@link io.tinywide.chatsync.core.port.out.StorageProvider}.
 */
module io.tinywide.chatsync.core {
    requires com.fasterxml.jackson.databind;

    exports io.tinywide.chatsync.core;
    exports io.tinywide.chatsync.core.domain;
    exports io.tinywide.chatsync.core.port.in;
    exports io.tinywide.chatsync.core.port.out;
    exports io.tinywide.chatsync.core.codec;
    exports io.tinywide.chatsync.core.crypto;
    exports io.tinywide.chatsync.core.engine;
    exports io.tinywide.chatsync.core.store;

    uses io.tinywide.chatsync.core.port.out.StorageProvider;
}
