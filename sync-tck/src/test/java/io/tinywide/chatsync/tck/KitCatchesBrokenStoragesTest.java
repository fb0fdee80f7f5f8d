package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.tck.BrokenStorages.Fixture;
import io.tinywide.chatsync.tck.BrokenStorages.Subject;
import io.tinywide.chatsync.tck.rules.RuleResult;
import io.tinywide.chatsync.tck.rules.StorageRule;
import io.tinywide.chatsync.tck.rules.StorageRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit is only worth something if it fails broken storages (as the reactive-streams TCK proves its
 * own). Each broken storage has one bug; the kit must fail exactly the rule that bug breaks, say so
 * in the rule's words with what it observed, and let every other rule pass or skip.
 */
class KitCatchesBrokenStoragesTest {

    private static String failures(List<RuleResult> results) {
        return results.stream().filter(r -> r.outcome() == RuleResult.Outcome.FAILS).map(RuleResult::detail)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @TestFactory
    Stream<DynamicTest> eachBrokenStorageFailsExactlyItsRule() {
        return BrokenStorages.all().stream().map(fixture -> DynamicTest.dynamicTest(fixture.toString(), () -> {
            List<RuleResult> results = StorageRules.checkAll(fixture.subject(), r -> { });
            Set<String> failed = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.FAILS)
                    .map(r -> r.rule().id()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(failed).as("rules failed by a storage whose bug is that %s:%s", fixture.bug(),
                    failures(results)).containsExactly(fixture.rule());
            RuleResult result = results.stream().filter(r -> r.rule().id().equals(fixture.rule())).findFirst()
                    .orElseThrow();
            StorageRule rule = result.rule();
            assertThat(result.detail()).as("the failure names the rule and what was seen")
                    .startsWith(rule.id() + " " + rule.name() + " fails: ").contains(fixture.observed());
        }));
    }

    @Test
    void everyRuleHasABrokenStorageThatFailsIt() {
        Set<String> covered = BrokenStorages.all().stream().map(Fixture::rule).collect(Collectors.toSet());
        assertThat(StorageRules.all()).extracting(StorageRule::id).allSatisfy(id -> assertThat(covered)
                .as("a broken storage that fails %s", id).contains(id));
    }

    @Test
    void healthyStoragesPassEveryRuleTheyRun() {
        for (Subject healthy : List.of(Subject.healthy().raceRounds(20), Subject.versioned().raceRounds(20))) {
            List<RuleResult> results = StorageRules.checkAll(healthy, r -> { });
            assertThat(results).as("failures:%s", failures(results))
                    .noneMatch(r -> r.outcome() == RuleResult.Outcome.FAILS);
            assertThat(results).as("every hook given: only capability rules may skip").filteredOn(
                    r -> r.outcome() == RuleResult.Outcome.SKIPPED).allMatch(r -> !r.rule().required());
        }
    }
}
