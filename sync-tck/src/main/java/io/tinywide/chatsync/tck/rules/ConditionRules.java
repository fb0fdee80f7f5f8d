package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.tinywide.chatsync.tck.rules.Expect.absent;
import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.expectThrows;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;
import static io.tinywide.chatsync.tck.rules.ReadWriteRules.TOP_AND_NESTED;

/** R4: conditional writes, alone and racing. */
final class ConditionRules {
    private ConditionRules() {
    }

    static void ifAbsentCreates(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : List.of("keyring.json", "2024/chat_vault_2024_01.json", "a/b/c/created.json")) {
            Revision r = Expect.expectOk("an ifAbsent write of " + path + ", where nothing is, on " + s.describe(),
                    () -> s.write(path, utf8("created"), WriteCondition.ifAbsent()));
            holds(s, path, utf8("created"), r, "after a create-if-absent");
        }
    }

    static void ifAbsentOnAnExistingPathFailsAndChangesNothing(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            Revision r = s.write(path, utf8("first"), WriteCondition.ifAbsent());
            expectThrows(PreconditionFailedException.class, "a second ifAbsent write of " + path + " on "
                    + s.describe(), () -> s.write(path, utf8("second"), WriteCondition.ifAbsent()));
            holds(s, path, utf8("first"), r, "after a refused ifAbsent write");
            List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
            check(versions.size() == 1, "after a refused ifAbsent write of %s on %s, readVersions returns %s", path,
                    s.describe(), shown(versions));
        }
    }

    static void ifMatchOfTheCurrentRevisionSucceeds(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            Revision r1 = s.write(path, utf8("one"), WriteCondition.ifAbsent());
            Revision r2 = Expect.expectOk("write of " + path + " with ifMatch(" + r1 + ") of the current revision on "
                    + s.describe(), () -> s.write(path, utf8("second"), WriteCondition.ifMatch(r1)));
            check(!r2.equals(r1), "write of %s with ifMatch(%s) on %s returned the same revision", path, r1,
                    s.describe());
            holds(s, path, utf8("second"), r2, "after a write with ifMatch of the current revision");
            Revision r3 = Expect.expectOk("write of " + path + " with ifMatch(" + r2 + ") of the current revision on "
                    + s.describe(), () -> s.write(path, utf8("the third"), WriteCondition.ifMatch(r2)));
            holds(s, path, utf8("the third"), r3, "after a second write with ifMatch of the current revision");
        }
    }

    static void ifMatchOfAStaleRevisionOrAnAbsentPathFails(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            Revision r1 = s.write(path, utf8("one"), WriteCondition.ifAbsent());
            Revision r2 = s.write(path, utf8("second"), WriteCondition.unconditional());
            expectThrows(PreconditionFailedException.class, "a write of " + path + " with the stale ifMatch(" + r1
                    + ") on " + s.describe(), () -> s.write(path, utf8("three"), WriteCondition.ifMatch(r1)));
            holds(s, path, utf8("second"), r2, "after a refused write with a stale revision");
            String missing = path.replace(".json", "-absent.json");
            expectThrows(PreconditionFailedException.class, "a write of the absent " + missing + " with ifMatch(" + r2
                    + ") on " + s.describe(), () -> s.write(missing, utf8("x"), WriteCondition.ifMatch(r2)));
            absent(s, missing, "after a refused ifMatch write of an absent path");
        }
    }

    static void racingConditionalWritersHaveExactlyOneWinner(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        if (!RuleRun.has(s, Capability.ATOMIC_CONDITIONAL_WRITE)) {
            throw run.skip("the storage does not declare ATOMIC_CONDITIONAL_WRITE");
        }
        List<CloudStorage> devices = List.of(s, run.open(root));
        int rounds = run.subject.raceRounds();
        s.write("race/if-match.json", utf8("base"), WriteCondition.ifAbsent());
        Contention.Outcome ifMatch = Contention.ifMatch(devices, "race/if-match.json", rounds);
        Contention.Outcome ifAbsent = Contention.ifAbsent(devices, "race/if-absent-", rounds);
        for (Contention.Outcome o : List.of(ifMatch, ifAbsent)) {
            if (!o.failures().isEmpty()) {
                Contention.Failure f = o.failures().get(0);
                throw fail("writer %d's %s write of %s on %s threw %s while racing; a loser must get "
                        + "PreconditionFailedException (%d such failures)", f.writer(), shown(f.condition()), f.path(),
                        s.describe(), f.error(), o.failures().size());
            }
            check(!o.timedOut(), "racing writers on %s made only %d successful writes in %d attempts", s.describe(),
                    o.successes().size(), o.attempts());
        }
        Map<String, List<Contention.Success>> byRevision = ifMatch.successes().stream().collect(Collectors.groupingBy(
                x -> ((WriteCondition.IfMatch) x.condition()).revision().value(), TreeMap::new, Collectors.toList()));
        for (var e : byRevision.entrySet()) {
            check(e.getValue().size() == 1, "%d writers' writes of race/if-match.json with ifMatch(%s) all "
                    + "succeeded on %s (writers %s; %d writes in all): only one may replace a revision",
                    e.getValue().size(), e.getKey(), s.describe(), writers(e.getValue()), ifMatch.attempts());
        }
        Map<String, List<Contention.Success>> byPath = ifAbsent.successes().stream().collect(Collectors.groupingBy(
                Contention.Success::path, TreeMap::new, Collectors.toList()));
        for (var e : byPath.entrySet()) {
            check(e.getValue().size() == 1, "%d writers created %s with ifAbsent on %s (writers %s; %d writes in "
                    + "all): only one may", e.getValue().size(), e.getKey(), s.describe(), writers(e.getValue()),
                    ifAbsent.attempts());
        }
    }

    private static String writers(List<Contention.Success> successes) {
        return successes.stream().map(x -> String.valueOf(x.writer())).collect(Collectors.joining(", "));
    }

    static void aConditionalWriteThatSucceededIsNeverLostToARacingWriter(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        boolean atomic = RuleRun.has(s, Capability.ATOMIC_CONDITIONAL_WRITE);
        boolean versioned = !RuleRun.has(s, Capability.UNIQUE_PATHS);
        if (!atomic && !versioned) {
            throw run.skip("the storage declares neither ATOMIC_CONDITIONAL_WRITE nor versions (it declares "
                    + "UNIQUE_PATHS): a racing writer may overwrite another's success, and the engine heals that on "
                    + "its next sync");
        }
        List<CloudStorage> devices = List.of(s, run.open(root));
        int rounds = Math.max(1, run.subject.raceRounds() / 2);
        s.write("kept/if-match.json", utf8("base"), WriteCondition.ifAbsent());
        Contention.Outcome ifMatch = Contention.ifMatch(devices, "kept/if-match.json", rounds);
        Contention.Outcome ifAbsent = Contention.ifAbsent(devices, "kept/if-absent-", rounds);
        Set<Revision> replaced = ifMatch.successes().stream()
                .map(x -> ((WriteCondition.IfMatch) x.condition()).revision()).collect(Collectors.toSet());
        Map<String, List<RemoteObject>> now = new HashMap<>();
        for (Contention.Outcome o : List.of(ifMatch, ifAbsent)) {
            for (Contention.Success win : o.successes()) {
                if (replaced.contains(win.revision())) {
                    continue; // a later write named it: replaced as it should be
                }
                List<RemoteObject> versions = now.computeIfAbsent(win.path(),
                        p -> s.readVersions(p, CloudStorage.MAX_READ_BYTES));
                boolean kept = versions.stream().anyMatch(v -> Arrays.equals(v.bytes(), win.bytes()));
                if (!kept) {
                    throw fail("writer %d's %s write of %s on %s succeeded (revision %s) and is lost: no later write "
                            + "named it, and its bytes are not among the %d version(s) there %s (%d writes raced)",
                            win.writer(), shown(win.condition()), win.path(), s.describe(), win.revision(),
                            versions.size(), shown(versions), o.attempts());
                }
            }
        }
    }
}
