package io.tinywide.chatsync.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The command line is an adapter of the core: it reaches the core through its API and ports only. */
class ArchitectureTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tinywide.chatsync.cli");

    @Test
    void theCliUsesTheCoreThroughItsApiOnly() {
        noClasses().that().resideInAPackage("io.tinywide.chatsync.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("..core.engine..", "..core.codec..",
                        "..core.crypto..")
                .because("the engine, the file codec and the crypto are the core's internals: the command line "
                        + "calls ChatSync, the ports (port.in for sync, restore, verification and JSON Lines) and "
                        + "the domain, as any application does")
                .check(CLI);
    }

    @Test
    void theDeviceStoreAdaptsTheStorePortsOnly() {
        classes().that().resideInAPackage("..cli.store..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.sqlite..", "..core.domain..",
                        "..core.port.out..", "..cli.store..")
                .because("the SQLite store is an adapter of LocalMessageStore and SyncStateStore, with rows of its "
                        + "own: it knows nothing of the remote's file format or of the commands")
                .check(CLI);
    }

    @Test
    void onlyTheDeviceStoreTouchesSql() {
        noClasses().that().resideInAPackage("io.tinywide.chatsync.cli")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
                .because("the commands work on the store's ports; SQL and its transactions stay in cli.store")
                .check(CLI);
    }

    @Test
    void noProviderIsNamed() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tinywide.chatsync.provider..")
                .because("providers are found by ServiceLoader; the jar holds them, the code does not name them")
                .check(CLI);
    }

    @Test
    void theModuleExportsNothing() throws URISyntaxException {
        Path classes = Path.of(ChatsyncCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        assertThat(descriptor.name()).isEqualTo("io.tinywide.chatsync.cli");
        assertThat(descriptor.exports()).as("an application, not a library").isEmpty();
    }
}
