package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Measures what a storage really gives, whatever it declares: whether racing conditional writers ever
 * both win, whether a name ever holds two files, whether a stale conditional delete is refused, and
 * whether a listing shows every change at once. {@code chatsync check-remote} prints it beside what
 * the storage declares (Kopia's provider validation does the same for its backends).
 *
 * <p>A measurement can show that a capability is missing; it cannot prove one present, only that this
 * many tries found no gap.
 */
public final class CapabilityProbe {
    /**
     * One capability, declared and measured.
     *
     * @param capability the capability
     * @param declared   whether the storage declares it
     * @param measured   whether the tries found it (empty if they could not tell)
     * @param evidence   what was seen
     */
    public record Measured(Capability capability, boolean declared, Optional<Boolean> measured, String evidence) {
        /** The storage declares the capability and the tries showed it missing. */
        public boolean overclaimed() {
            return declared && measured.equals(Optional.of(false));
        }
    }

    private CapabilityProbe() {
    }

    /** Measures every capability on fresh roots of the subject. */
    public static List<Measured> measure(StorageSubject subject) throws Exception {
        String root = "tck probe " + UUID.randomUUID().toString().substring(0, 8);
        List<CloudStorage> opened = new ArrayList<>();
        try {
            CloudStorage s = subject.open(root);
            opened.add(s);
            CloudStorage other = subject.open(root);
            opened.add(other);
            List<Measured> all = new ArrayList<>();
            all.add(tried(Capability.ATOMIC_CONDITIONAL_WRITE, s, () -> atomic(s, other, subject.raceRounds())));
            all.add(tried(Capability.UNIQUE_PATHS, s, () -> unique(s, other)));
            all.add(tried(Capability.CONDITIONAL_DELETE, s, () -> conditionalDelete(s)));
            all.add(tried(Capability.CONSISTENT_LISTING, s, () -> consistentListing(s, other)));
            return all;
        } finally {
            for (CloudStorage s : opened) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // measuring only
                }
            }
        }
    }

    /** A measurement, or what stopped it: one failing probe does not hide the others. */
    private static Measured tried(Capability c, CloudStorage s, java.util.concurrent.Callable<Measured> probe) {
        try {
            return probe.call();
        } catch (Exception e) {
            return new Measured(c, RuleRun.has(s, c), Optional.empty(), "could not tell: " + e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Races of conditional writes at most, until two writers are seen to win one condition. */
    private static final int RACE_BATCHES = 3;

    private static Measured atomic(CloudStorage s, CloudStorage other, int rounds) throws Exception {
        boolean declared = RuleRun.has(s, Capability.ATOMIC_CONDITIONAL_WRITE);
        s.write("atomic/if-match.json", utf8("base"), WriteCondition.ifAbsent());
        long twiceReplaced = 0;
        long twiceCreated = 0;
        int attempts = 0;
        boolean anyIfMatch = false;
        boolean anyIfAbsent = false;
        // A race window is hit by chance, less often on a busy machine: race again (a few times at most)
        // before saying that none was found.
        for (int batch = 0; batch < RACE_BATCHES && twiceReplaced + twiceCreated == 0; batch++) {
            Contention.Outcome ifMatch = Contention.ifMatch(List.of(s, other), "atomic/if-match.json", rounds);
            Contention.Outcome ifAbsent = Contention.ifAbsent(List.of(s, other), "atomic/if-absent-" + batch + "-",
                    rounds);
            Map<String, Long> byRevision = ifMatch.successes().stream().collect(Collectors.groupingBy(
                    x -> ((WriteCondition.IfMatch) x.condition()).revision().value(), Collectors.counting()));
            Map<String, Long> byPath = ifAbsent.successes().stream().collect(Collectors.groupingBy(
                    Contention.Success::path, Collectors.counting()));
            twiceReplaced += byRevision.values().stream().filter(c -> c > 1).count();
            twiceCreated += byPath.values().stream().filter(c -> c > 1).count();
            attempts += ifMatch.attempts() + ifAbsent.attempts();
            anyIfMatch |= !ifMatch.successes().isEmpty();
            anyIfAbsent |= !ifAbsent.successes().isEmpty();
        }
        if (twiceReplaced + twiceCreated > 0) {
            return new Measured(Capability.ATOMIC_CONDITIONAL_WRITE, declared, Optional.of(false), String.format(
                    "%d revision(s) replaced by two writers at once, %d name(s) created by two, in %d racing writes",
                    twiceReplaced, twiceCreated, attempts));
        }
        if (!anyIfMatch || !anyIfAbsent) {
            return new Measured(Capability.ATOMIC_CONDITIONAL_WRITE, declared, Optional.empty(),
                    "no racing conditional write succeeded, so nothing could be told");
        }
        return new Measured(Capability.ATOMIC_CONDITIONAL_WRITE, declared, Optional.of(true), String.format(
                "no revision or name was taken twice in %d racing writes", attempts));
    }

    private static Measured unique(CloudStorage s, CloudStorage other) throws Exception {
        boolean declared = RuleRun.has(s, Capability.UNIQUE_PATHS);
        int most = 0;
        try (Race race = new Race(4)) {
            for (int attempt = 0; attempt < 5; attempt++) {
                String path = String.format("unique/%02d.json", attempt);
                race.run(List.of(s, other), path, WriteCondition.ifAbsent(), "creator");
                long files = s.list("unique/").stream().map(RemoteEntry::path).filter(path::equals).count();
                most = Math.max(most, (int) files);
            }
        }
        return most > 1 ? new Measured(Capability.UNIQUE_PATHS, declared, Optional.of(false), "racing creators of one "
                + "name left " + most + " files of that name")
                : new Measured(Capability.UNIQUE_PATHS, declared, Optional.of(true), "racing creators of one name left "
                + "one file, 5 times out of 5");
    }

    private static Measured conditionalDelete(CloudStorage s) {
        boolean declared = RuleRun.has(s, Capability.CONDITIONAL_DELETE);
        Revision stale = s.write("delete/file.json", utf8("one"), WriteCondition.ifAbsent());
        s.write("delete/file.json", utf8("second"), WriteCondition.unconditional());
        try {
            s.delete("delete/file.json", WriteCondition.ifMatch(stale));
        } catch (UnsupportedCapabilityException refused) {
            return new Measured(Capability.CONDITIONAL_DELETE, declared, Optional.of(false),
                    "a conditional delete is refused (UnsupportedCapabilityException)");
        } catch (PreconditionFailedException kept) {
            return new Measured(Capability.CONDITIONAL_DELETE, declared, Optional.of(true),
                    "a delete with a stale revision was refused and kept the file");
        }
        return new Measured(Capability.CONDITIONAL_DELETE, declared, Optional.of(false), s.read("delete/file.json")
                .isPresent() ? "a delete with a stale revision reported success and kept the file"
                : "a delete with a stale revision removed the file: the condition is ignored");
    }

    private static Measured consistentListing(CloudStorage s, CloudStorage other) {
        boolean declared = RuleRun.has(s, Capability.CONSISTENT_LISTING);
        int late = 0;
        int tries = 10;
        for (int i = 0; i < tries; i++) {
            String path = String.format("listing/%02d.json", i);
            s.write(path, utf8("x"), WriteCondition.ifAbsent());
            if (other.list("listing/").stream().noneMatch(e -> e.path().equals(path))) {
                late++;
            }
            s.delete(path, WriteCondition.unconditional());
            if (other.list("listing/").stream().anyMatch(e -> e.path().equals(path))) {
                late++;
            }
        }
        return late > 0 ? new Measured(Capability.CONSISTENT_LISTING, declared, Optional.of(false), late + " of "
                + (2 * tries) + " writes and deletes were not listed at once by another storage on the root")
                : new Measured(Capability.CONSISTENT_LISTING, declared, Optional.of(true), (2 * tries)
                + " writes and deletes were listed at once by another storage on the root");
    }
}
