package io.tinywide.chatsync.examples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.guice.ChatSyncSettings;
import io.tinywide.chatsync.guice.PassphraseSource;
import io.tinywide.chatsync.guice.RemoteSettings;

import java.util.Objects;

/**
 * The messenger's own bindings: what {@link io.tinywide.chatsync.guice.ChatSyncModule} asks the
 * application for. Installed beside it; names no storage provider.
 */
public final class MessengerModule extends AbstractModule {
    private final MessengerConfig config;

    public MessengerModule(MessengerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    // --- README module start ---
    @Override
    protected void configure() {
        // The app's own message database and sync state, one of each per device (in-memory here;
        // keep the two in one database, so that they are backed up and restored together).
        bind(LocalMessageStore.class).to(InMemoryMessageStore.class).in(Singleton.class);
        bind(SyncStateStore.class).to(InMemorySyncStateStore.class).in(Singleton.class);
        // Where the device keeps its unlocked key and the remote's pin, so that it asks for the
        // passphrase once, not on every start: the same database (in memory here, so once per start).
        bind(DeviceKeyStore.class).to(InMemoryDeviceKeyStore.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    ChatSyncSettings chatSyncSettings() {
        return ChatSyncSettings.of(PassphraseSource.file(config.passphraseFile()),  // read when a key is derived
                RemoteSettings.uri(config.backupRemote()));     // file:/..., s3://...: the class path decides
    }
    // --- README module end ---
}
