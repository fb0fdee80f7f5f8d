package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.expectOk;
import static io.tinywide.chatsync.tck.rules.Expect.expectThrows;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/**
 * R12: versions of one name, for storages without {@link Capability#UNIQUE_PATHS} (Google Drive's model).
 * A name holds several versions only after writers raced, so each rule first races creators of one name
 * until it holds at least two versions.
 */
final class VersionRules {
    private static final int ATTEMPTS = 10;

    private VersionRules() {
    }

    /** A storage, a second one on its root, and a name that holds at least two versions. */
    private record Versions(CloudStorage storage, CloudStorage other, String path, List<RemoteObject> versions) {
        List<Revision> revisions() {
            return versions.stream().map(RemoteObject::revision).toList();
        }
    }

    private static Versions versions(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        if (RuleRun.has(s, Capability.UNIQUE_PATHS)) {
            throw run.skip("the storage declares UNIQUE_PATHS: a name holds one file (R5.5 holds it to that with "
                    + "racing creators of one name)");
        }
        CloudStorage other = run.open(root);
        try (Race race = new Race(4)) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                String path = String.format("2024/versions-%02d.json", attempt);
                race.run(List.of(s, other), path, WriteCondition.ifAbsent(), "version");
                List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
                if (versions.size() >= 2) {
                    return new Versions(s, other, path, versions);
                }
            }
        }
        throw run.skip("the storage does not declare UNIQUE_PATHS, but 4 racing creators of one name left one file in "
                + "each of " + ATTEMPTS + " tries, so there are no versions to check");
    }

    private static List<Revision> revisions(CloudStorage s, String path) {
        return s.readVersions(path, CloudStorage.MAX_READ_BYTES).stream().map(RemoteObject::revision).toList();
    }

    static void everyVersionIsListedAndTheOldestIsRead(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        List<RemoteEntry> listed = s.list("2024/").stream().filter(e -> e.path().equals(v.path())).toList();
        Map<Revision, Long> listedSizes = listed.stream().collect(Collectors.toMap(RemoteEntry::revision,
                RemoteEntry::size, (a, b) -> a));
        check(listed.size() == v.versions().size() && listedSizes.keySet().equals(Set.copyOf(v.revisions())),
                "%s on %s has versions %s by readVersions, but list shows %s", v.path(), s.describe(), v.revisions(),
                shown(listed));
        for (RemoteObject o : v.versions()) {
            check(listedSizes.get(o.revision()) == o.bytes().length, "list of %s gives version %s of %s a size of %d; "
                    + "it holds %d bytes", s.describe(), o.revision(), v.path(), listedSizes.get(o.revision()),
                    o.bytes().length);
        }
        RemoteObject read = s.read(v.path()).orElseThrow(() -> fail("read of %s on %s, which holds %d versions, is "
                + "empty", v.path(), s.describe(), v.versions().size()));
        check(read.revision().equals(v.versions().get(0).revision()) && Arrays.equals(read.bytes(),
                v.versions().get(0).bytes()), "read of %s on %s returned version %s; it must return the oldest, "
                + "readVersions' first, %s", v.path(), s.describe(), read.revision(), v.versions().get(0).revision());
        check(revisions(v.other(), v.path()).equals(v.revisions()), "a second storage on the root reads versions %s of "
                + "%s; the first reads %s", revisions(v.other(), v.path()), v.path(), v.revisions());
    }

    static void ifMatchAddsAVersionAndRemovesOnlyThatRevision(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        Revision oldest = v.revisions().get(0);
        Revision added = expectOk("a write of " + v.path() + " with ifMatch(" + oldest + ") of its oldest version on "
                + s.describe(), () -> s.write(v.path(), utf8("merged"), WriteCondition.ifMatch(oldest)));
        List<Revision> expected = new ArrayList<>(v.revisions().subList(1, v.revisions().size()));
        expected.add(added);
        List<Revision> now = revisions(s, v.path());
        check(now.equals(expected), "after a write with ifMatch(%s) of %s on %s, which held %s, readVersions gives %s; "
                + "expected %s: the new version last, %s gone, every other version kept", oldest, v.path(),
                s.describe(), v.revisions(), now, expected, oldest);
        expectThrows(PreconditionFailedException.class, "a write of " + v.path() + " with ifMatch(" + oldest
                + "), a version no longer there, on " + s.describe(),
                () -> s.write(v.path(), utf8("late"), WriteCondition.ifMatch(oldest)));
        check(revisions(s, v.path()).equals(expected), "after a refused write with ifMatch of a removed version, %s "
                + "holds %s; expected %s", v.path(), revisions(s, v.path()), expected);
        // Any version may be named, not only the oldest: a device may have read a newer one.
        Revision newest = expected.get(expected.size() - 1);
        Revision again = expectOk("a write of " + v.path() + " with ifMatch(" + newest + ") of its newest version on "
                + s.describe(), () -> s.write(v.path(), utf8("merged again"), WriteCondition.ifMatch(newest)));
        List<Revision> afterNewest = new ArrayList<>(expected.subList(0, expected.size() - 1));
        afterNewest.add(again);
        check(revisions(s, v.path()).equals(afterNewest), "after a write with ifMatch(%s) of the newest version of %s, "
                + "readVersions gives %s; expected %s", newest, v.path(), revisions(s, v.path()), afterNewest);
    }

    static void ifAbsentFailsWhileAnyVersionExists(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        expectThrows(PreconditionFailedException.class, "an ifAbsent write of " + v.path() + ", which holds "
                + v.versions().size() + " versions, on " + s.describe(),
                () -> s.write(v.path(), utf8("new"), WriteCondition.ifAbsent()));
        check(revisions(s, v.path()).equals(v.revisions()), "after a refused ifAbsent write, %s holds %s; expected %s",
                v.path(), revisions(s, v.path()), v.revisions());
    }

    static void anUnconditionalWriteReplacesEveryVersion(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        Revision r = s.write(v.path(), utf8("replaces all"), WriteCondition.unconditional());
        List<Revision> now = revisions(s, v.path());
        check(now.equals(List.of(r)), "after an unconditional write of %s on %s, which held %s, readVersions gives "
                + "%s; expected only the new %s", v.path(), s.describe(), v.revisions(), now, r);
    }

    static void aConditionalDeleteRemovesExactlyThatVersion(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        check(RuleRun.has(s, Capability.CONDITIONAL_DELETE), "%s keeps versions (no UNIQUE_PATHS) but does not "
                + "declare CONDITIONAL_DELETE; the engine removes the versions it merged with delete(ifMatch)",
                s.describe());
        Revision first = v.revisions().get(0);
        expectOk("a delete of " + v.path() + " with ifMatch(" + first + ") on " + s.describe(), () -> {
            s.delete(v.path(), WriteCondition.ifMatch(first));
            return null;
        });
        List<Revision> expected = v.revisions().subList(1, v.revisions().size());
        check(revisions(s, v.path()).equals(expected), "after a delete of %s with ifMatch(%s) on %s, which held %s, "
                + "readVersions gives %s; expected exactly %s gone", v.path(), first, s.describe(), v.revisions(),
                revisions(s, v.path()), first);
        expectThrows(PreconditionFailedException.class, "a delete of " + v.path() + " with ifMatch(" + first
                + "), a version no longer there, on " + s.describe(), () -> {
                s.delete(v.path(), WriteCondition.ifMatch(first));
                return "success";
            });
        s.delete(v.path(), WriteCondition.unconditional());
        check(revisions(s, v.path()).isEmpty(), "after an unconditional delete of %s on %s, readVersions gives %s",
                v.path(), s.describe(), revisions(s, v.path()));
    }

    static void aReadOfVersionsIsRefusedIfAnyIsOverTheLimit(RuleRun run) throws Exception {
        Versions v = versions(run);
        CloudStorage s = v.storage();
        // The largest version last, so that a limit applied to the first version only shows.
        int largest = v.versions().stream().mapToInt(o -> o.bytes().length).max().orElseThrow() + 10;
        s.write(v.path(), new byte[largest], WriteCondition.ifMatch(v.revisions().get(0)));
        List<Revision> before = revisions(s, v.path());
        List<RemoteObject> all = expectOk("readVersions of " + v.path() + " with a limit of its largest version ("
                + largest + " bytes) on " + s.describe(), () -> s.readVersions(v.path(), largest));
        check(all.stream().map(RemoteObject::revision).toList().equals(before), "readVersions of %s with a limit of "
                + "%d returned %s; expected %s", v.path(), largest, shown(all), before);
        ObjectTooLargeException e = expectThrows(ObjectTooLargeException.class, "readVersions of " + v.path()
                + " with a limit one byte below its largest version (the newest) on " + s.describe(),
                () -> s.readVersions(v.path(), largest - 1));
        check(v.path().equals(e.path()) && e.limit() == largest - 1, "readVersions of %s with a limit of %d threw "
                + "ObjectTooLargeException for path '%s' and limit %d", v.path(), largest - 1, e.path(), e.limit());
        check(revisions(s, v.path()).equals(before), "after a refused readVersions, %s holds %s; expected %s",
                v.path(), revisions(s, v.path()), before);
    }
}
