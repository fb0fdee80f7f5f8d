package io.tinywide.chatsync.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** DESIGN §2 as executable rules, on the real classes of sync-core. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tinywide.chatsync.core");

    @Test
    void theDomainDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("..core.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..core.domain..")
                .because("the domain is pure rules and values that every other part builds on")
                .check(CORE);
    }

    @Test
    void portsDependOnlyOnTheDomain() {
        classes().that().resideInAPackage("..core.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..core.domain..", "..core.port..")
                .because("ports are the hexagon's edge: applications and providers see them, not the engine")
                .check(CORE);
    }

    @Test
    void theEngineDependsOnlyOnDomainAndPorts() {
        classes().that().resideInAPackage("..core.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..core.domain..", "..core.port..",
                        "..core.engine..")
                .because("the sync algorithms must not know JSON, ciphers or any provider (decision 0001)")
                .check(CORE);
    }

    @Test
    void jacksonIsTouchedOnlyByTheCodec() {
        noClasses().that().resideOutsideOfPackage("..core.codec..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .because("core stays free of third-party types outside its codec")
                .check(CORE);
    }

    @Test
    void javaxCryptoIsTouchedOnlyByTheCryptoPackage() {
        noClasses().that().resideOutsideOfPackage("..core.crypto..")
                .should().dependOnClassesThat().resideInAPackage("javax.crypto..")
                .because("one small package holds every cipher call, so it can be reviewed alone")
                .check(CORE);
    }

    @Test
    void cryptoDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("..core.crypto..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "..core.crypto..")
                .because("the cipher layer knows nothing of files, JSON or the domain")
                .check(CORE);
    }

    @Test
    void theStoresAdaptPortsOnly() {
        classes().that().resideInAPackage("..core.store..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..core.domain..", "..core.port..",
                        "..core.store..")
                .because("the in-memory stores are adapters of the store ports and nothing more")
                .check(CORE);
    }

    @Test
    void sampleHistoriesAreMadeOfTheDomainAlone() {
        classes().that().resideInAPackage("..core.sample..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..core.domain..", "..core.sample..")
                .because("demos, benchmarks and tests share them: data, not a way into the engine")
                .check(CORE);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("io.tinywide.chatsync.core.(*)..").should().beFreeOfCycles()
                .because("each package can then be understood and replaced on its own")
                .check(CORE);
    }

    @Test
    void coreNamesNoProvider() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tinywide.chatsync.provider..")
                .because("providers are found by ServiceLoader; choosing a backend is choosing a jar")
                .check(CORE);
    }
}
