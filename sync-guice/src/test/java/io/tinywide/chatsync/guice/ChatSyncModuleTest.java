package io.tinywide.chatsync.guice;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real injectors, a real provider found by ServiceLoader, real folders. */
class ChatSyncModuleTest {
    private static final TypeLiteral<Map<String, StorageProvider>> PROVIDERS = new TypeLiteral<>() { };
    private static final ChatMessage HI =
            ChatMessage.text("m1", "urn:chat:alice-bob", "urn:user:alice", Instant.parse("2024-01-15T10:00:00Z"), "hi");

    @TempDir
    Path folder;

    private PassphraseSource passphrase() {
        return PassphraseSource.of("correct horse battery staple".toCharArray());
    }

    private ChatSyncSettings settingsForFolder() {
        return ChatSyncSettings.of(passphrase(), RemoteSettings.uri(folder.toUri().toString()));
    }

    /** What an application's own module binds: its stores, as singletons, and its settings. */
    private static Module app(ChatSyncSettings settings) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(LocalMessageStore.class).to(InMemoryMessageStore.class).in(Singleton.class);
                bind(SyncStateStore.class).to(InMemorySyncStateStore.class).in(Singleton.class);
                bind(ChatSyncSettings.class).toInstance(settings);
            }
        };
    }

    private static Module ownProvider(String id, StorageProvider provider) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, StorageProvider.class).addBinding(id).toInstance(provider);
            }
        };
    }

    private static void assertClosedOnceAfterEverythingElse(ProbeProvider probe) {
        List<String> events = List.copyOf(probe.events);
        assertThat(events).startsWith("opened", "listed").endsWith("closed");
        assertThat(events.subList(0, events.size() - 1)).containsOnly("opened", "listed");
    }

    @Test
    void providersOnTheClassPathAreBoundByIdAndTwoDevicesSyncThroughTheRemoteTheSettingsName() {
        Injector laptop = Guice.createInjector(new ChatSyncModule(), app(settingsForFolder()));
        assertThat(laptop.getInstance(Key.get(PROVIDERS))).containsOnlyKeys("localfs")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(LocalFsProvider.class::isInstance, "localfs"));
        try (ChatSyncRuntime runtime = laptop.getInstance(ChatSyncRuntime.class)) {
            assertThat(runtime.remoteIds()).containsExactly("localfs");
            laptop.getInstance(LocalMessageStore.class).save(HI);
            SyncReport up = laptop.getInstance(ChatSyncService.class).syncMessages("localfs");
            assertThat(up.isComplete()).isTrue();
            assertThat(up.messagesUp()).isEqualTo(1);
        }
        assertThat(folder.resolve("tinywide/messaging/keyring.json")).isRegularFile();

        Injector phone = Guice.createInjector(new ChatSyncModule(), app(settingsForFolder()));
        try (ChatSyncRuntime runtime = phone.getInstance(ChatSyncRuntime.class)) {
            SyncReport down = runtime.service().syncMessages("localfs");
            assertThat(down.isComplete()).isTrue();
            assertThat(down.messagesDown()).isEqualTo(1);
            assertThat(phone.getInstance(LocalMessageStore.class).message("m1")).contains(HI);
        }
    }

    @Test
    void theRuntimeAndTheServiceAreSingletonsAndTheStoresTheApplicationsOwn() {
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settingsForFolder()));
        try (ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class)) {
            assertThat(injector.getInstance(ChatSyncRuntime.class)).isSameAs(runtime);
            assertThat(injector.getInstance(ChatSyncService.class)).isSameAs(runtime.service())
                    .isSameAs(injector.getInstance(ChatSyncService.class));
            // The service syncs the store the application sees, not a copy of its own.
            injector.getInstance(LocalMessageStore.class).save(HI);
            assertThat(runtime.service().syncMessages("localfs").messagesUp()).isEqualTo(1);
        }
    }

    @Test
    void anApplicationAddsAProviderOfItsOwnBesideTheDiscoveredOnesAndItsRemotesAreClosedWithTheRuntime() throws Exception {
        ProbeProvider probe = new ProbeProvider();
        Path second = java.nio.file.Files.createDirectory(folder.resolve("second"));
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider(ProbeProvider.ID, ProviderConfig.of(second.toString())),
                RemoteSettings.uri(folder.toUri().toString()));
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settings), ownProvider(ProbeProvider.ID, probe));
        assertThat(injector.getInstance(Key.get(PROVIDERS))).containsOnlyKeys("localfs", ProbeProvider.ID);

        ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class);
        assertThat(runtime.remoteIds()).containsExactly(ProbeProvider.ID, "localfs");
        injector.getInstance(LocalMessageStore.class).save(HI);
        assertThat(runtime.service().syncMessages(ProbeProvider.ID).messagesUp()).isEqualTo(1);
        assertThat(second.resolve("tinywide/messaging/keyring.json")).isRegularFile();
        assertThat(probe.allClosed()).isFalse();

        runtime.close();
        assertThat(probe.allClosed()).isTrue();
        assertClosedOnceAfterEverythingElse(probe);
        assertThatThrownBy(() -> runtime.service().syncMessages("localfs"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
        assertThatThrownBy(() -> injector.getInstance(ChatSyncService.class).restoreConversation("urn:chat:alice-bob"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ChatSyncRuntime.close()");
        int events = probe.events.size();
        runtime.close(); // again: nothing more happens
        assertThat(probe.events).hasSize(events);
    }

    @Test
    void closeWaitsForTheSyncInProgressBeforeClosingTheRemotes() throws Exception {
        ProbeProvider probe = new ProbeProvider();
        probe.listingGate = new CountDownLatch(1);
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider(ProbeProvider.ID, ProviderConfig.of(folder.toString())));
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settings), ownProvider(ProbeProvider.ID, probe));
        ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class);
        injector.getInstance(LocalMessageStore.class).save(HI);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<SyncReport> sync = threads.submit(() -> runtime.service().syncMessages(ProbeProvider.ID));
            assertThat(probe.listingEntered.await(2, TimeUnit.MINUTES)).isTrue();
            AtomicReference<Thread> closer = new AtomicReference<>();
            Future<?> closed = threads.submit(() -> {
                closer.set(Thread.currentThread());
                runtime.close();
            });
            // Wait (for an event, not for a time) until close() is parked on the lock, then let the sync go on.
            while (closer.get() == null || closer.get().getState() != Thread.State.WAITING) {
                assertThat(closed).isNotDone();
                Thread.sleep(1);
            }
            probe.listingGate.countDown();

            assertThat(sync.get(2, TimeUnit.MINUTES).isComplete()).isTrue();
            closed.get(2, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
        assertClosedOnceAfterEverythingElse(probe);
    }

    @Test
    void closingFromASyncListenerIsRefusedRatherThanWaitingForItsOwnSync() {
        ProbeProvider probe = new ProbeProvider();
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider(ProbeProvider.ID, ProviderConfig.of(folder.toString())));
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settings), ownProvider(ProbeProvider.ID, probe));
        ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class);
        injector.getInstance(LocalMessageStore.class).save(HI);
        List<Throwable> refusals = new CopyOnWriteArrayList<>();
        SyncListener closing = new SyncListener() {
            @Override
            public void started(String remote, int partitionsToVisit) {
                tryToClose();
            }

            @Override
            public void partitionDone(PartitionKey partition, PartitionOutcome outcome) {
                tryToClose(); // on one of the engine's worker threads
            }

            private void tryToClose() {
                try {
                    runtime.close();
                } catch (IllegalStateException e) {
                    refusals.add(e);
                }
            }
        };

        SyncReport report = runtime.service().syncMessages(ProbeProvider.ID, closing);

        assertThat(report.isComplete()).isTrue();
        assertThat(report.partitionsUploaded()).isEqualTo(1);
        assertThat(refusals).hasSize(2).allSatisfy(e -> assertThat(e)
                .hasMessageContaining("called from inside a chatsync call or a SyncListener"));
        assertThat(probe.allClosed()).isFalse();
        runtime.close();
        assertThat(probe.allClosed()).isTrue();
    }

    @Test
    void aDuplicateIdFailsInjectorCreationNamingTheJarAndTheBinding() {
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), app(settingsForFolder()),
                ownProvider("localfs", new LocalFsProvider())))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("Duplicate key \"localfs\"")
                .hasMessageContaining("LocalFsProvider, found by ServiceLoader in ")
                .hasMessageContaining("ChatSyncModuleTest$");
    }

    @Test
    void eachMissingBindingFailsInjectorCreationSayingWhatToBind() {
        Module stateOnly = binder -> binder.bind(SyncStateStore.class).to(InMemorySyncStateStore.class);
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), stateOnly))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("No implementation for LocalMessageStore was bound")
                .hasMessageContaining("ChatSyncModule needs the application to bind LocalMessageStore: "
                        + "bind(LocalMessageStore.class).to(")
                .hasMessageContaining("ChatSyncModule needs the application to bind ChatSyncSettings: "
                        + "bind(ChatSyncSettings.class).toInstance(ChatSyncSettings.of(");
        Module messagesOnly = binder -> binder.bind(LocalMessageStore.class).to(InMemoryMessageStore.class);
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), messagesOnly))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("No implementation for SyncStateStore was bound")
                .hasMessageContaining("ChatSyncModule needs the application to bind SyncStateStore: "
                        + "bind(SyncStateStore.class).to(");
    }

    @Test
    void aStoreBoundWithoutSingletonScopeFailsInjectorCreation() {
        Module unscoped = binder -> {
            binder.bind(LocalMessageStore.class).to(InMemoryMessageStore.class);
            binder.bind(SyncStateStore.class).to(InMemorySyncStateStore.class).in(Singleton.class);
            binder.bind(ChatSyncSettings.class).toInstance(settingsForFolder());
        };
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), unscoped))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("LocalMessageStore is not bound as a singleton")
                .hasMessageContaining(".in(Singleton.class)");
        // An instance, or a @Singleton @Provides method, is a singleton too.
        Module instances = binder -> {
            binder.bind(LocalMessageStore.class).toInstance(new InMemoryMessageStore());
            binder.bind(SyncStateStore.class).toProvider(InMemorySyncStateStore::new).in(Singleton.class);
            binder.bind(ChatSyncSettings.class).toInstance(settingsForFolder());
        };
        try (ChatSyncRuntime runtime = Guice.createInjector(new ChatSyncModule(), instances)
                .getInstance(ChatSyncRuntime.class)) {
            assertThat(runtime.remoteIds()).containsExactly("localfs");
        }
    }

    @Test
    void inProductionStageABadRemoteFailsInjectorCreationWithTheProvidersMessage() {
        ChatSyncSettings relative = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider("localfs", ProviderConfig.of("relative/folder")));
        assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, new ChatSyncModule(), app(relative)))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("localfs: the folder must be an absolute path");
    }

    @Test
    void aRemoteThatCannotBeOpenedClosesTheOnesAlreadyOpen() {
        ProbeProvider probe = new ProbeProvider();
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider(ProbeProvider.ID, ProviderConfig.of(folder.toString())),
                RemoteSettings.provider("localfs", ProviderConfig.of(folder.resolve("missing").toString())));
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settings), ownProvider(ProbeProvider.ID, probe));
        assertThatThrownBy(() -> injector.getInstance(ChatSyncService.class))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("localfs: the folder " + folder.resolve("missing") + " does not exist");
        assertThat(probe.allClosed()).isTrue();
    }

    @Test
    void aRemoteForAProviderThatIsNotThereNamesTheOnesThatAre() {
        ChatSyncSettings byId = ChatSyncSettings.of(passphrase(), RemoteSettings.provider("gdrive", ProviderConfig.of("")));
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), app(byId)).getInstance(ChatSyncService.class))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("no storage provider with id 'gdrive'; available: localfs");
        ChatSyncSettings byUri = ChatSyncSettings.of(passphrase(), RemoteSettings.uri("s3://bucket/chats"));
        assertThatThrownBy(() -> Guice.createInjector(new ChatSyncModule(), app(byUri)).getInstance(ChatSyncService.class))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("no storage provider for remote 's3://bucket/chats' (scheme 's3'); "
                        + "available schemes: file, localfs");
    }

    @Test
    void aProviderBoundUnderAnotherIdThanItsOwnIsRefused() {
        ChatSyncSettings settings = ChatSyncSettings.of(passphrase(),
                RemoteSettings.provider("backup", ProviderConfig.of(folder.toString())));
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settings),
                ownProvider("backup", new ProbeProvider()));
        assertThatThrownBy(() -> injector.getInstance(ChatSyncRuntime.class))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("bound under id 'backup' is ProbeProvider, whose id is 'probe'; bind it under "
                        + "its own id: addBinding(\"probe\")");
    }

    @Test
    void installingTheModuleTwiceIsHarmless() {
        Injector injector = Guice.createInjector(new ChatSyncModule(), app(settingsForFolder()), new ChatSyncModule());
        try (ChatSyncRuntime runtime = injector.getInstance(ChatSyncRuntime.class)) {
            assertThat(injector.getInstance(Key.get(PROVIDERS))).containsOnlyKeys("localfs");
            assertThat(runtime.service().syncMessages("localfs").isComplete()).isTrue();
        }
    }
}
