package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A running {@link ChatSyncService} and the remotes it opened, which the application closes when
 * it shuts down. Dependency injectors have no lifecycle of their own (Guice none at all), so this
 * is the explicit handle:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new ChatSyncModule(), new MyAppModule());
 * try (ChatSyncRuntime chatSync = injector.getInstance(ChatSyncRuntime.class)) {
 *     injector.getInstance(MyApp.class).run();   // which injects ChatSyncService
 * }
 * }</pre>
 *
 * <p>Creating it opens every remote of the {@link ChatSyncSettings}, each through the provider
 * bound under its id, or under its URI's scheme; if one cannot be opened, those already open are
 * closed again and the error says which. The passphrase is not read then: the settings' source is
 * asked only when a key must be derived, and a device that kept the key of a remote (in its
 * {@link DeviceKeyStore}) syncs without it. {@link #close()} waits for the calls in progress to
 * finish, then closes every remote; later calls are refused with a clear error. The application's
 * own stores stay open: they are the application's to close.
 *
 * <p>It needs nothing of Guice: any {@code jakarta.inject} container (or a hand-written
 * {@code main}) can build it from a map of providers by id, the settings and the two stores, and
 * give it a {@link DeviceKeyStore} of its own through the five-argument constructor.
 */
@Singleton
public final class ChatSyncRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatSyncRuntime.class.getName());

    private final Map<String, CloudStorage> remotes;
    private final ChatSyncService engine;
    private final KeyManagement keys;
    private final ChatSyncService service = new Guarded();
    private final KeyManagement keyManagement = new GuardedKeys();
    // Calls hold the read lock, close() the write lock: close waits for calls in progress.
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock
    // Set while a SyncListener callback runs: those run on the engine's worker threads too, which
    // hold no lock of ours, and a close() there would wait for its own sync.
    private final ThreadLocal<Boolean> inCallback = ThreadLocal.withInitial(() -> false);

    /**
     * Opens the remotes and builds the service. The device keeps its keys in the state store if
     * that is a {@link DeviceKeyStore} too (the application's database keeps them beside the history
     * it holds in clear), else in memory, with a warning: each start of the application then asks
     * for the passphrase once and derives the key again, and forgets the pins.
     *
     * @param providers  the storage providers by id (in Guice, the {@code MapBinder} that
     *                   {@link ChatSyncModule} fills from {@link java.util.ServiceLoader})
     * @param settings   the remotes, the passphrase source and the engine's tuning
     * @param localStore the application's message store
     * @param stateStore the application's sync state, kept as long as the message store is
     * @throws IllegalArgumentException if a remote names a provider that is not there (the
     *                                  message lists those that are)
     * @throws IllegalStateException    if a provider is bound under another id than its own
     * @throws io.tinywide.chatsync.core.port.out.StorageException if a remote cannot be opened
     */
    @Inject
    public ChatSyncRuntime(Map<String, StorageProvider> providers, ChatSyncSettings settings,
                           LocalMessageStore localStore, SyncStateStore stateStore) {
        this(providers, settings, localStore, stateStore, defaultDeviceKeys(stateStore));
    }

    /**
     * Opens the remotes and builds the service and the key management, which share the device's
     * keys.
     *
     * @param deviceKeys where this device keeps each remote's pin and unlocked key between runs:
     *                   the application's database, or a platform keystore
     * @see #ChatSyncRuntime(Map, ChatSyncSettings, LocalMessageStore, SyncStateStore)
     */
    public ChatSyncRuntime(Map<String, StorageProvider> providers, ChatSyncSettings settings,
                           LocalMessageStore localStore, SyncStateStore stateStore, DeviceKeyStore deviceKeys) {
        ProviderRegistry registry = registry(providers);
        ChatSync.Builder builder = ChatSync.builder()
                .localStore(localStore)
                .stateStore(stateStore)
                .deviceKeys(Objects.requireNonNull(deviceKeys, "deviceKeys"))
                .passphrase(settings.passphrase()) // asked when a key is derived, not now
                .settings(settings.engine());
        Map<String, CloudStorage> opened = new LinkedHashMap<>();
        try {
            for (RemoteSettings remote : settings.remotes()) {
                open(registry, remote, opened);
            }
            opened.forEach(builder::remote);
            this.engine = builder.build();
            this.keys = builder.buildKeyManagement();
        } catch (RuntimeException | Error e) {
            closeAll(opened.values(), e);
            throw e;
        }
        this.remotes = opened;
    }

    /**
     * Where a device keeps its keys when the application names no {@link DeviceKeyStore}: in the
     * state store, if that is one too (the application's database keeps the keys beside the sync
     * state and the history it already holds in clear, as the command line's SQLite store does), so
     * a restarted application syncs without the passphrase and still refuses a replaced keyring.
     * Otherwise in memory, with a warning: every start of the application then asks for the
     * passphrase once and derives the key again, and the pins are forgotten when it stops.
     */
    static DeviceKeyStore defaultDeviceKeys(SyncStateStore stateStore) {
        if (stateStore instanceof DeviceKeyStore kept) {
            return kept;
        }
        LOG.log(System.Logger.Level.WARNING, "chatsync keeps this device's keys in memory: the SyncStateStore ("
                + stateStore.getClass().getName() + ") is not a DeviceKeyStore and none was bound, so each start "
                + "asks for the passphrase once, derives the key again, and forgets which key the remote had. Keep "
                + "them in the application's database: implement DeviceKeyStore there, or bind one");
        return new InMemoryDeviceKeyStore();
    }

    /** The service; after {@link #close()} every call fails with {@link IllegalStateException}. */
    public ChatSyncService service() {
        return service;
    }

    /**
     * The keys of the remotes: change the passphrase, add a recovery key, rotate, trust a replaced
     * keyring. It shares the device's keys with {@link #service()}, so a change is known to the
     * service at once. After {@link #close()} every call fails with {@link IllegalStateException}.
     */
    public KeyManagement keyManagement() {
        return keyManagement;
    }

    /**
     * The ids of the remotes' providers, in the order of the settings: the names that
     * {@link ChatSyncService#syncMessages(String)} takes. The first is the default for restores.
     */
    public List<String> remoteIds() {
        return List.copyOf(remotes.keySet());
    }

    /**
     * Waits for the calls in progress, then closes every remote. Later calls to the service fail.
     * Closing again does nothing.
     *
     * @throws IllegalStateException if called from inside a call of this service or from a
     *                               {@link SyncListener}, since it would wait for that call forever
     * @throws RuntimeException      the first failure to close a remote, with the others
     *                               suppressed; every remote was asked to close all the same
     */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0 || inCallback.get()) {
            throw new IllegalStateException("ChatSyncRuntime.close() was called from inside a chatsync call or a "
                    + "SyncListener, and would wait for that call forever; close it after the call has returned "
                    + "(a listener can cancel the sync with isCancelled())");
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        RuntimeException failure = closeAll(remotes.values(), null);
        if (failure != null) {
            throw failure;
        }
    }

    private static ProviderRegistry registry(Map<String, StorageProvider> providers) {
        providers.forEach((id, provider) -> {
            if (!id.equals(provider.id())) {
                throw new IllegalStateException("the storage provider bound under id '" + id + "' is "
                        + provider.getClass().getName() + ", whose id is '" + provider.id()
                        + "'; bind it under its own id: addBinding(\"" + provider.id() + "\")");
            }
        });
        return ProviderRegistry.of(providers.values().toArray(StorageProvider[]::new));
    }

    private static void open(ProviderRegistry registry, RemoteSettings remote, Map<String, CloudStorage> opened) {
        StorageProvider provider;
        ProviderConfig config;
        if (remote instanceof RemoteSettings.ById byId) {
            provider = registry.require(byId.providerId());
            config = byId.config();
        } else {
            RemoteSettings.ByUri byUri = (RemoteSettings.ByUri) remote;
            provider = registry.forUri(byUri.remote());
            config = byUri.config();
        }
        if (opened.containsKey(provider.id())) {
            throw new IllegalArgumentException("two remotes of ChatSyncSettings are for provider '" + provider.id()
                    + "'; a service has at most one remote per provider");
        }
        opened.put(provider.id(), provider.open(config));
    }

    /** Closes each; returns (or adds to {@code primary}) what failed, so that one failure stops none. */
    private static RuntimeException closeAll(Iterable<CloudStorage> storages, Throwable primary) {
        RuntimeException first = null;
        for (CloudStorage storage : storages) {
            try {
                storage.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    private <T> T call(Supplier<T> action) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("chatsync was shut down (ChatSyncRuntime.close()) and its remotes "
                        + "are closed; create a new injector to sync again");
            }
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The engine behind the runtime's lock, so that closing never pulls a remote from under a sync. */
    private final class Guarded implements ChatSyncService {
        @Override
        public SyncReport syncMessages(String providerId) {
            return call(() -> engine.syncMessages(providerId));
        }

        @Override
        public SyncReport syncMessages(String providerId, SyncListener listener) {
            return call(() -> engine.syncMessages(providerId, new Flagging(listener)));
        }

        @Override
        public RestoreReport restoreVaultForDate(LocalDate date) {
            return call(() -> engine.restoreVaultForDate(date));
        }

        @Override
        public RestoreReport restoreConversation(String conversationUrn) {
            return call(() -> engine.restoreConversation(conversationUrn));
        }

        @Override
        public String toString() {
            return "chatsync service with remotes " + remotes.keySet();
        }
    }

    /** The key management behind the runtime's lock, as the service is. */
    private final class GuardedKeys implements KeyManagement {
        @Override
        public KeyringReport describe(String providerId) {
            return call(() -> keys.describe(providerId));
        }

        @Override
        public KeyringReport changePassphrase(String providerId,
                                              io.tinywide.chatsync.core.port.out.PassphraseSource newPassphrase) {
            return call(() -> keys.changePassphrase(providerId, newPassphrase));
        }

        @Override
        public RecoveryKey addRecoveryKey(String providerId) {
            return call(() -> keys.addRecoveryKey(providerId));
        }

        @Override
        public KeyringReport removeUnlockMethod(String providerId, Keyring.Method.Kind kind) {
            return call(() -> keys.removeUnlockMethod(providerId, kind));
        }

        @Override
        public RotationReport rotate(String providerId, SyncListener listener) {
            return call(() -> keys.rotate(providerId, new Flagging(listener)));
        }

        @Override
        public KeyringReport trust(String providerId) {
            return call(() -> keys.trust(providerId));
        }

        @Override
        public String toString() {
            return "chatsync key management of remotes " + remotes.keySet();
        }
    }

    /** The application's listener, with {@link #inCallback} set while it runs. */
    private final class Flagging implements SyncListener {
        private final SyncListener listener;

        Flagging(SyncListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        private <T> T flagged(Supplier<T> callback) {
            boolean outer = inCallback.get();
            inCallback.set(true);
            try {
                return callback.get();
            } finally {
                inCallback.set(outer);
            }
        }

        @Override
        public void started(String remote, int partitionsToVisit) {
            flagged(() -> {
                listener.started(remote, partitionsToVisit);
                return null;
            });
        }

        @Override
        public void partitionDone(PartitionKey partition, PartitionOutcome outcome) {
            flagged(() -> {
                listener.partitionDone(partition, outcome);
                return null;
            });
        }

        @Override
        public void warning(String message) {
            flagged(() -> {
                listener.warning(message);
                return null;
            });
        }

        @Override
        public boolean isCancelled() {
            return flagged(listener::isCancelled);
        }
    }
}
