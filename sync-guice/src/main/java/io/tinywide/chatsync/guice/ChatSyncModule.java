package io.tinywide.chatsync.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.SyncStateStore;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;

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
 *   <li>{@link ChatSyncService}, the runtime's service.</li>
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
        bind(ChatSyncRuntime.class);
        requestInjection(new StoresAreSingletons());
    }

    /** The runtime's service: inject this wherever the application syncs or restores. */
    @Provides
    ChatSyncService chatSyncService(ChatSyncRuntime runtime) {
        return runtime.service();
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
