package io.tinywide.chatsync.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.SyncStateStore;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Guice module that gives an application a ready {@link ChatSyncService}.
 *
 * <p>It binds:
 * <ul>
 *   <li>{@code Map<String, StorageProvider>}, a {@link MapBinder} by provider id, filled with every
 *       provider that {@link java.util.ServiceLoader} finds on the class path or module path.
 *       Choosing a backend is choosing a jar. An application adds a provider of its own with
 *       {@code MapBinder.newMapBinder(binder(), String.class, StorageProvider.class)
 *       .addBinding("sqltable").to(SqlTableProvider.class)}; two providers under one id (two jars,
 *       or a jar and a binding) fail injector creation, naming both;</li>
 *   <li>{@link ChatSyncRuntime}, a singleton that opens the remotes and is the handle the
 *       application closes at shutdown;</li>
 *   <li>{@link ChatSyncService}, the runtime's service, and {@link KeyManagement}, its keys
 *       (change the passphrase, add a recovery key, rotate);</li>
 *   <li>{@link DeviceKeyStore}, where the device keeps each remote's pin and unlocked key, so that it
 *       asks for the passphrase once per remote rather than on every start, and refuses a replaced
 *       keyring after a restart too. An optional binding: the application binds its own
 *       ({@code bind(DeviceKeyStore.class).to(...)}: its database, or a platform keystore). If it
 *       does not, the {@link SyncStateStore} is used when it is a {@code DeviceKeyStore} too (keys
 *       beside the sync state and the history the database holds in clear, as the command line
 *       keeps them); otherwise the keys are kept in memory, which a warning says: each start then
 *       asks for the passphrase once and derives the key again, and the pins do not survive it.</li>
 * </ul>
 *
 * <p>The application binds three things, and injector creation fails naming any that is missing:
 * its {@link LocalMessageStore} and {@link SyncStateStore} (its own database, as singletons: the
 * service must sync the store the application writes to, so creation fails if either is unscoped)
 * and its {@link ChatSyncSettings}.
 *
 * <p>Installing it twice is harmless: all instances are equal, and Guice installs one.
 */
public final class ChatSyncModule extends AbstractModule {

    /** The module; providers are looked up by {@link ProviderRegistry#load()} when the injector is created. */
    public ChatSyncModule() {
        // the work happens in configure(), once per injector
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, StorageProvider.class); // bound even when none is found
        for (StorageProvider provider : ProviderRegistry.load().providers()) {
            // The source is what Guice names in errors, such as a duplicate id: say which jar it is.
            MapBinder.newMapBinder(binder().withSource(discovered(provider)), String.class, StorageProvider.class)
                    .addBinding(provider.id()).toInstance(provider);
        }
        require(LocalMessageStore.class, "bind(LocalMessageStore.class).to(YourMessageStore.class).in(Singleton.class)");
        require(SyncStateStore.class, "bind(SyncStateStore.class).to(YourSyncStateStore.class).in(Singleton.class)");
        require(ChatSyncSettings.class, "bind(ChatSyncSettings.class).toInstance(ChatSyncSettings.of(passphraseSource, "
                + "RemoteSettings.uri(\"file:/path/to/folder\"))), or a @Provides method that builds it from your "
                + "configuration");
        // The application's, if it binds one (with bind(), or with this binder's setBinding()).
        OptionalBinder.newOptionalBinder(binder(), DeviceKeyStore.class);
        requestInjection(new StoresAreSingletons());
    }

    /**
     * The runtime, keeping the device's keys in the {@link DeviceKeyStore} the application bound;
     * else in its state store if that is one, else in memory.
     */
    @Provides
    @Singleton
    ChatSyncRuntime chatSyncRuntime(Map<String, StorageProvider> providers, ChatSyncSettings settings,
                                    LocalMessageStore localStore, SyncStateStore stateStore,
                                    Optional<DeviceKeyStore> deviceKeys) {
        return new ChatSyncRuntime(providers, settings, localStore, stateStore,
                deviceKeys.orElseGet(() -> ChatSyncRuntime.defaultDeviceKeys(stateStore)));
    }

    /** The runtime's service: inject this wherever the application syncs or restores. */
    @Provides
    ChatSyncService chatSyncService(ChatSyncRuntime runtime) {
        return runtime.service();
    }

    /** The keys of the runtime's remotes: inject this where the user manages them. */
    @Provides
    KeyManagement keyManagement(ChatSyncRuntime runtime) {
        return runtime.keyManagement();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatSyncModule;
    }

    @Override
    public int hashCode() {
        return ChatSyncModule.class.hashCode();
    }

    private void require(Class<?> type, String howToBind) {
        binder().withSource("ChatSyncModule needs the application to bind " + type.getSimpleName() + ": "
                + howToBind).getProvider(type); // a provider asked for at configuration is checked at creation
    }

    /**
     * Checked once the injector is complete, while it is created: a store bound without a singleton
     * scope would give the service one store and the application's own code others, so messages
     * the app saved would silently never sync.
     */
    static final class StoresAreSingletons {
        @Inject
        void check(Injector injector) {
            for (Class<?> store : List.of(LocalMessageStore.class, SyncStateStore.class)) {
                Binding<?> binding = injector.getExistingBinding(Key.get(store));
                if (binding != null && !Scopes.isSingleton(binding)) {
                    throw new IllegalStateException(store.getSimpleName() + " is not bound as a singleton, so the "
                            + "chatsync service and the application's code would each get their own store and what "
                            + "the app saves would never sync; bind it with .in(Singleton.class), as an instance, "
                            + "or with a @Singleton @Provides method");
                }
            }
        }
    }

    private static String discovered(StorageProvider provider) {
        CodeSource code = provider.getClass().getProtectionDomain().getCodeSource();
        URL location = code == null ? null : code.getLocation();
        return provider.getClass().getName() + ", found by ServiceLoader"
                + (location == null ? "" : " in " + location);
    }
}
