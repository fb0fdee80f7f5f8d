package io.tinywide.chatsync.guice;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** What another jakarta.inject container (Dagger, CDI, Spring) or a hand-written main sees. */
class WithoutGuiceTest {
    @TempDir
    Path folder;

    @Test
    void onlyTheModuleItselfTouchesGuice() {
        noClasses().that(DescribedPredicate.describe("are not ChatSyncModule or nested in it",
                        (JavaClass c) -> !c.getName().startsWith(ChatSyncModule.class.getName())))
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .because("the runtime and the settings are built by constructor injection with jakarta.inject "
                        + "annotations, so that any injector can build them; Guice is one of them")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.tinywide.chatsync.guice"));
    }

    @Test
    void theRuntimeHasOneJakartaInjectConstructorAndIsASingleton() {
        assertThat(ChatSyncRuntime.class.isAnnotationPresent(Singleton.class)).isTrue();
        assertThat(Arrays.stream(ChatSyncRuntime.class.getConstructors())
                .filter(c -> c.isAnnotationPresent(Inject.class)).map(Constructor::getParameterCount))
                .containsExactly(4);
    }

    @Test
    void theRuntimeIsBuiltByHandAsAnyInjectorWouldAndSyncs() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        messages.save(ChatMessage.text("m1", "urn:chat:a-b", "urn:user:a", Instant.parse("2024-03-01T08:00:00Z"), "hi"));
        Map<String, StorageProvider> providers = Map.of(LocalFsProvider.ID, new LocalFsProvider());
        ChatSyncSettings settings = ChatSyncSettings.of(PassphraseSource.of("a passphrase".toCharArray()),
                RemoteSettings.provider(LocalFsProvider.ID, ProviderConfig.of(folder.toString())));
        try (ChatSyncRuntime runtime = new ChatSyncRuntime(providers, settings, messages, new InMemorySyncStateStore())) {
            assertThat(runtime.service().syncMessages(LocalFsProvider.ID).messagesUp()).isEqualTo(1);
        }
        assertThat(folder.resolve("tinywide/messaging/2024/chat_vault_2024_03.json")).isRegularFile();
    }
}
