/**
 * chatsync core: the domain, the ports, the sync engine, the file codec and the crypto.
 *
 * <p>Applications use {@link io.tinywide.chatsync.core.ChatSync} to build a
 * {@link io.tinywide.chatsync.core.port.in.ChatSyncService}; provider modules implement
 * {@link io.tinywide.chatsync.core.port.out.StorageProvider}.
 *
 * <p>Only the API is exported: the builder, the domain, the ports, the in-memory stores and the
 * sample histories. The engine's algorithms, the file codec and the crypto are internals that the
 * builder wires up; their few public types are public only so that the builder can reach them.
 */
module io.tinywide.chatsync.core {
    requires com.fasterxml.jackson.databind;

    exports io.tinywide.chatsync.core;
    exports io.tinywide.chatsync.core.domain;
    exports io.tinywide.chatsync.core.port.in;
    exports io.tinywide.chatsync.core.port.out;
    exports io.tinywide.chatsync.core.store;
    exports io.tinywide.chatsync.core.sample;

    uses io.tinywide.chatsync.core.port.out.StorageProvider;
    uses io.tinywide.chatsync.core.port.out.KeyDerivation;
}
