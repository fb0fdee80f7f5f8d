package io.tinywide.chatsync.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.KeyManagement.KeyringReport;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.PassphraseSource.Purpose;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The device's keys with real injectors over a real folder: where the module keeps them, that a
 * restarted application with the same stores derives nothing (the passphrase source records every
 * time a key is derived), and the key management the injector gives.
 */
class DeviceKeysTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path folder;

    /** Every time a key was derived: the core asks the passphrase source exactly then. */
    private final List<Purpose> derivations = new CopyOnWriteArrayList<>();

    private io.tinywide.chatsync.core.port.out.PassphraseSource recorded(String passphrase) {
        return purpose -> {
            derivations.add(purpose);
            return passphrase.toCharArray();
        };
    }

    private static ChatMessage message(String id) {
        return ChatMessage.text(id, "urn:chat:alice-bob", "urn:user:alice", Instant.parse("2024-01-15T10:00:00Z"), id);
    }

    /** The application's database, one object that holds the sync state and the device's keys. */
    static final class AppDatabase implements SyncStateStore, DeviceKeyStore {
        private final InMemorySyncStateStore state = new InMemorySyncStateStore();
        private final InMemoryDeviceKeyStore keys = new InMemoryDeviceKeyStore();
        final List<KeptKey> keptKeys = new CopyOnWriteArrayList<>();

        @Override
        public Map<PartitionKey, PartitionState> load(String remote) {
            return state.load(remote);
        }

        @Override
        public void save(String remote, PartitionKey partition, PartitionState partitionState) {
            state.save(remote, partition, partitionState);
        }

        @Override
        public Optional<KeptKey> kept(String remote) {
            return keys.kept(remote);
        }

        @Override
        public void keep(String remote, KeptKey key) {
            keptKeys.add(key);
            keys.keep(remote, key);
        }
    }

    /**
     * An injector of one device: its stores, which outlive its injectors as a database outlives the
     * process, a {@link DeviceKeyStore} if the application binds one (else null), and the passphrase.
     */
    private Injector injector(LocalMessageStore messages, SyncStateStore state, DeviceKeyStore keys,
                              io.tinywide.chatsync.core.port.out.PassphraseSource passphrase) {
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase, RemoteSettings.uri(folder.toUri().toString()));
        return Guice.createInjector(new ChatSyncModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(LocalMessageStore.class).toInstance(messages);
                bind(SyncStateStore.class).toInstance(state);
                if (keys != null) {
                    bind(DeviceKeyStore.class).toInstance(keys);
                }
                bind(ChatSyncSettings.class).toInstance(settings);
            }
        });
    }

    private static long syncUp(Injector injector) {
        try (ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class)) {
            return injector.getInstance(ChatSyncService.class).syncMessages("localfs").messagesUp();
        }
    }

    @Test
    void aRestartWithTheDeviceKeyStoreTheApplicationBindsDerivesNothingAndNeedsNoPassphrase() throws Exception {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        DeviceKeyStore keys = new InMemoryDeviceKeyStore();
        Injector first = injector(messages, state, keys, recorded(PASSPHRASE));
        assertThat(first.getInstance(DeviceKeyStore.class)).isSameAs(keys);
        messages.save(message("m1"));
        assertThat(syncUp(first)).isEqualTo(1);
        assertThat(derivations).containsExactly(Purpose.NEW_KEYRING);
        byte[] keyring = Files.readAllBytes(folder.resolve("tinywide/messaging/keyring.json"));

        // A restart: new injector, same stores. The passphrase file is gone, and nothing asks for it.
        Injector restarted = injector(messages, state, keys,
                PassphraseSource.file(folder.resolve("no-such-passphrase-file")));
        messages.save(message("m2"));
        assertThat(syncUp(restarted)).isEqualTo(1);
        assertThat(derivations).as("nothing derived since the first start").containsExactly(Purpose.NEW_KEYRING);
        assertThat(Files.readAllBytes(folder.resolve("tinywide/messaging/keyring.json"))).isEqualTo(keyring);

        Injector phone = injector(new InMemoryMessageStore(), new InMemorySyncStateStore(), new InMemoryDeviceKeyStore(),
                recorded(PASSPHRASE));
        try (ChatSyncRuntime runtime = phone.getInstance(ChatSyncRuntime.class)) {
            assertThat(runtime.service().syncMessages("localfs").messagesDown()).isEqualTo(2);
        }
        assertThat(derivations).as("a new device derives once").containsExactly(Purpose.NEW_KEYRING, Purpose.UNLOCK);
    }

    @Test
    void withoutABindingTheKeysAreKeptInTheStateStoreWhenItIsADeviceKeyStore() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        AppDatabase database = new AppDatabase();
        Injector first = injector(messages, database, null, recorded(PASSPHRASE));
        messages.save(message("m1"));
        assertThat(syncUp(first)).isEqualTo(1);
        assertThat(database.keptKeys).as("the key is in the application's database")
                .anySatisfy(k -> assertThat(k.vaultKey()).hasSize(32));

        Injector restarted = injector(messages, database, null, recorded(PASSPHRASE));
        messages.save(message("m2"));
        assertThat(syncUp(restarted)).isEqualTo(1);
        assertThat(derivations).containsExactly(Purpose.NEW_KEYRING);
    }

    @Test
    void withNeitherTheKeysAreKeptInMemoryAndEachStartDerivesOnce() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        Injector first = injector(messages, state, null, recorded(PASSPHRASE));
        try (ChatSyncRuntime runtime = first.getInstance(ChatSyncRuntime.class)) {
            messages.save(message("m1"));
            assertThat(runtime.service().syncMessages("localfs").messagesUp()).isEqualTo(1);
            messages.save(message("m2"));
            assertThat(runtime.service().syncMessages("localfs").messagesUp()).isEqualTo(1);
        }
        assertThat(derivations).as("once per process").containsExactly(Purpose.NEW_KEYRING);

        Injector restarted = injector(messages, state, null, recorded(PASSPHRASE));
        messages.save(message("m3"));
        assertThat(syncUp(restarted)).isEqualTo(1);
        assertThat(derivations).as("and again after a restart").containsExactly(Purpose.NEW_KEYRING, Purpose.UNLOCK);
    }

    @Test
    void theInjectorGivesTheKeyManagementWhichSharesTheDevicesKeysWithTheService() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        DeviceKeyStore keys = new InMemoryDeviceKeyStore();
        Injector injector = injector(messages, new InMemorySyncStateStore(), keys, recorded(PASSPHRASE));
        ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class);
        KeyManagement keyManagement = injector.getInstance(KeyManagement.class);
        assertThat(keyManagement).isSameAs(runtime.keyManagement());
        messages.save(message("m1"));
        assertThat(runtime.service().syncMessages("localfs").messagesUp()).isEqualTo(1);

        KeyringReport changed = keyManagement.changePassphrase("localfs", purpose -> "a new passphrase".toCharArray());
        assertThat(changed.pinnedKeyId()).contains(changed.keyId());
        // The old passphrase was proved when it made the keyring, by the key source the service and the
        // key management share (one builder): it is not asked again in this process.
        assertThat(derivations).as("the old passphrase proved once").containsExactly(Purpose.NEW_KEYRING);
        messages.save(message("m2"));
        assertThat(runtime.service().syncMessages("localfs").messagesUp()).isEqualTo(1);
        assertThat(derivations).as("the service kept the key, which did not change").hasSize(1);
        runtime.close();
        assertThatThrownBy(() -> keyManagement.describe("localfs")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ChatSyncRuntime.close()");

        Injector oldPassphrase = injector(new InMemoryMessageStore(), new InMemorySyncStateStore(), null,
                recorded(PASSPHRASE));
        try (ChatSyncRuntime other = oldPassphrase.getInstance(ChatSyncRuntime.class)) {
            assertThatThrownBy(() -> other.service().syncMessages("localfs")).isInstanceOf(WrongPassphraseException.class);
        }
        InMemoryMessageStore phone = new InMemoryMessageStore();
        Injector newPassphrase = injector(phone, new InMemorySyncStateStore(), null, recorded("a new passphrase"));
        try (ChatSyncRuntime other = newPassphrase.getInstance(ChatSyncRuntime.class)) {
            assertThat(other.service().syncMessages("localfs").messagesDown()).isEqualTo(2);
        }
        assertThat(phone.message("m2")).isPresent();
    }
}
