/**
 * chatsync for applications wired with Guice: {@link io.tinywide.chatsync.guice.ChatSyncModule}
 * gives a ready {@link io.tinywide.chatsync.core.port.in.ChatSyncService}. Only the module itself
 * uses Guice; {@link io.tinywide.chatsync.guice.ChatSyncRuntime} and the settings need nothing but
 * {@code jakarta.inject}, so other injectors can build them too.
 */
module io.tinywide.chatsync.guice {
    requires transitive io.tinywide.chatsync.core;
    requires transitive com.google.guice;
    requires transitive jakarta.inject;

    exports io.tinywide.chatsync.guice;

    // Guice calls the package-private @Provides method reflectively.
    opens io.tinywide.chatsync.guice to com.google.guice;
}
