package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.tck.BrokenProviders.DropsSecondPageVerification;
import io.tinywide.chatsync.tck.BrokenProviders.FailedReadIsAbsentVerification;
import io.tinywide.chatsync.tck.BrokenProviders.HealthyWithUnreachableVerification;
import io.tinywide.chatsync.tck.BrokenProviders.IgnoresConditionsVerification;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The kit is only worth something if it fails broken providers. Each broken storage below breaks
 * one rule; the kit must report exactly the rules it breaks, and pass the rest.
 */
class KitCatchesBrokenProvidersTest {

    private static Set<String> failedRules(Class<?> verification) {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(verification)).execute()
                .testEvents();
        return events.failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName().replaceAll("\\(.*", ""))
                .collect(Collectors.toSet());
    }

    @Test
    void aProviderThatTakesAFailedReadForAnAbsentFileIsRejected() {
        assertThat(failedRules(FailedReadIsAbsentVerification.class))
                .containsExactly("required_R2_3_aFailedReadThrowsAndIsNeverEmpty");
    }

    @Test
    void aProviderThatIgnoresWriteConditionsIsRejected() {
        assertThat(failedRules(IgnoresConditionsVerification.class)).containsExactlyInAnyOrder(
                "required_R4_2_ifAbsentOnAnExistingPathFailsAndChangesNothing",
                "required_R4_4_ifMatchOfAStaleRevisionOrAnAbsentPathFails",
                "optional_R4_5_racingWritersHaveExactlyOneWinner",
                "required_R9_1_failuresAreStorageExceptionsNamingTheStorage");
    }

    @Test
    void aProviderWhoseListingDropsTheSecondPageIsRejected() {
        assertThat(failedRules(DropsSecondPageVerification.class))
                .containsExactly("required_R5_2_listFollowsEveryPage");
    }

    @Test
    void aHealthyProviderPassesEveryRuleItRuns() {
        assertThat(failedRules(HealthyWithUnreachableVerification.class)).isEmpty();
    }
}
