package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One simulated device for engine tests: its own stores and clock, one remote named "mem". */
final class Device {
    static final String REMOTE = "mem";

    final String name;
    final LocalMessageStore store;
    final SyncStateStore state;
    final HybridClock clock;
    final DeviceKeyStore keys;
    final CloudStorage storage;
    private final VaultKeys vaultKeys;
    ChatVaultEngine engine;

    Device(String name, CloudStorage storage, String passphrase, EngineSettings settings) {
        this(name, storage, passphrase, settings, new InMemoryMessageStore(), new InMemorySyncStateStore());
    }

    Device(String name, CloudStorage storage, String passphrase, EngineSettings settings, LocalMessageStore store,
           SyncStateStore state) {
        this(name, storage, TestKeys.of(passphrase), settings, store, state);
    }

    Device(String name, CloudStorage storage, VaultKeys keys, EngineSettings settings) {
        this(name, storage, keys, settings, new InMemoryMessageStore(), new InMemorySyncStateStore());
    }

    private Device(String name, CloudStorage storage, VaultKeys keys, EngineSettings settings, LocalMessageStore store,
                   SyncStateStore state) {
        this(name, storage, keys, settings, store, state, new InMemoryDeviceKeyStore());
    }

    Device(String name, CloudStorage storage, VaultKeys keys, EngineSettings settings, LocalMessageStore store,
           SyncStateStore state, DeviceKeyStore deviceKeys) {
        this.name = name;
        this.store = store;
        this.state = state;
        this.keys = deviceKeys;
        this.storage = storage;
        this.vaultKeys = keys;
        this.clock = new HybridClock(Clock.systemUTC(), name);
        this.engine = new ChatVaultEngine(Map.of(REMOTE, storage), store, state, keys, deviceKeys, settings);
    }

    /** A fresh engine over the same stores, as after a restart of the app. */
    void restart(CloudStorage storage, String passphrase, EngineSettings settings) {
        engine = new ChatVaultEngine(Map.of(REMOTE, storage), store, state, TestKeys.of(passphrase), keys, settings);
    }

    /** The key management of this device's remote, with its keys and its device key store. */
    KeyManager keyManagement() {
        return new KeyManager(Map.of(REMOTE, storage), vaultKeys, keys, EngineSettings.DEFAULTS);
    }

    SyncReport sync() {
        return engine.syncMessages(REMOTE);
    }

    ChatMessage say(String id, String conversation, String at, String text) {
        ChatMessage m = ChatMessage.text(id, conversation, "urn:user:" + name, Instant.parse(at), text);
        store.save(m);
        return m;
    }

    void edit(String id, String newText) {
        ChatMessage m = store.message(id).orElseThrow();
        store.save(m.edited(newText, clock.next()));
    }

    void delete(String id) {
        store.delete(store.message(id).orElseThrow().tombstone(Instant.now()));
    }

    /** Everything this device holds, month by month. */
    List<ChatVault> history() {
        List<ChatVault> all = new ArrayList<>();
        for (PartitionKey key : store.partitionVersions().keySet()) {
            all.add(store.load(key).vault());
        }
        return all;
    }
}
