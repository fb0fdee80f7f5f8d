package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.tck.rules.StorageRule;
import io.tinywide.chatsync.tck.rules.StorageRules;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The JUnit kit is a thin face on {@link StorageRules}: one test per rule, named after it, that fails
 * with the rule's message and skips with its reason.
 */
class JUnitKitTest {

    /** A storage whose failed reads are absent files, with an unreachable storage to show it. */
    static class FailedReadIsAbsentVerification extends StorageProviderVerification {
        private final InMemoryRemotes remotes = new InMemoryRemotes();

        @Override
        protected CloudStorage createStorage(String root) {
            return remotes.open(root);
        }

        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            return Optional.of(new BrokenStorages.Unreachable("unreachable") {
                @Override
                public Optional<RemoteObject> read(String path, long maxBytes) {
                    return Optional.empty(); // the bug: the refused connection is swallowed
                }
            });
        }
    }

    /** A healthy storage whose test records the roots the kit tells it to clean up. */
    static class CleaningUpVerification extends StorageProviderVerification {
        static final List<String> CLEANED = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final InMemoryRemotes remotes = new InMemoryRemotes();

        @Override
        protected CloudStorage createStorage(String root) {
            return remotes.open(root);
        }

        @Override
        protected void cleanUp(List<String> roots) {
            CLEANED.addAll(roots);
        }
    }

    @Test
    void eachTestTellsTheCleanupHookTheRootsItUsed() {
        CleaningUpVerification.CLEANED.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(CleaningUpVerification.class)).execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(CleaningUpVerification.CLEANED).anyMatch(r -> r.matches("tck R8\\.3 ü \\w+/x"))
                .anyMatch(r -> r.matches("tck R8\\.3 ü \\w+/x2")).anyMatch(r -> r.startsWith("Mes données"))
                .filteredOn(r -> r.startsWith("tck R5.2 ")).hasSize(1);
    }

    private static String method(Event e) {
        return e.getTestDescriptor().getDisplayName().replaceAll("\\(.*", "");
    }

    @Test
    void eachRuleIsOneTestNamedAfterIt() {
        List<String> tests = Arrays.stream(StorageProviderVerification.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).sorted().toList();
        List<String> rules = StorageRules.all().stream().map(StorageRule::testName).sorted().toList();
        assertThat(tests).isEqualTo(rules);
    }

    @Test
    void aFailingRuleFailsItsTestWithTheRulesMessageAndSkipsSayWhy() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailedReadIsAbsentVerification.class))
                .execute().testEvents();
        assertThat(events.failed().stream().map(JUnitKitTest::method))
                .containsExactly("required_R2_3_aFailedReadOrListingThrowsAndIsNeverEmpty");
        assertThat(events.failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("R2.3 aFailedReadOrListingThrowsAndIsNeverEmpty fails: read of ")
                .hasMessageContaining("returned Optional.empty instead of throwing");
        Map<String, String> skipped = events.aborted().stream().collect(Collectors.toMap(JUnitKitTest::method,
                e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                        .orElseThrow().getMessage()));
        assertThat(skipped).containsEntry("required_R9_2_refusedCredentialsAreAnAuthenticationExceptionForEveryOperation",
                "R9.2 skipped: no storage with refused credentials was given (override createUnauthorizedStorage())");
        assertThat(skipped).containsKey("optional_R12_1_everyVersionIsListedAndTheOldestIsRead");
        assertThat(events.succeeded().count()).as("the other rules hold").isGreaterThan(30);
    }
}
