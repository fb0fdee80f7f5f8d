package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.tinywide.chatsync.tck.rules.Expect.absent;
import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.expectThrows;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R2 (reads, absent versus failed, bounded reads) and R3 (writes and revisions). */
final class ReadWriteRules {
    /** A top-level path and a nested one, as the engine's own paths are. */
    static final List<String> TOP_AND_NESTED = List.of("keyring.json", "2024/chat_vault_2024_01.json");

    private ReadWriteRules() {
    }

    // ---- R2 ----

    static void readOfAnAbsentPathIsEmpty(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        // One folder exists and one does not, for providers with real folders.
        s.write("2024/other.json", utf8("x"), WriteCondition.ifAbsent());
        for (String path : List.of("none.json", "2024/none.json", "2025/none.json")) {
            Optional<RemoteObject> read = Expect.expectOk("read of " + path + " (never written) on " + s.describe(),
                    () -> s.read(path));
            check(read.isEmpty(), "read of %s on %s returned %s; nothing was ever written there", path, s.describe(),
                    shown(read));
            List<RemoteObject> versions = Expect.expectOk("readVersions of " + path + " (never written) on "
                    + s.describe(), () -> s.readVersions(path, CloudStorage.MAX_READ_BYTES));
            check(versions.isEmpty(), "readVersions of %s on %s returned %s; nothing was ever written there", path,
                    s.describe(), shown(versions));
        }
    }

    static void readReturnsTheBytesAndRevisionWritten(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            byte[] content = utf8("hello " + path);
            Revision r = s.write(path, content, WriteCondition.unconditional());
            holds(s, path, content, r, "after a write that returned revision " + r);
            List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
            check(versions.size() == 1 && Arrays.equals(versions.get(0).bytes(), content)
                    && versions.get(0).revision().equals(r) && versions.get(0).path().equals(path),
                    "readVersions of %s on %s returned %s; expected the one version written (%s, revision %s)", path,
                    s.describe(), shown(versions), shown(content), r);
        }
    }

    static void aFailedReadOrListingThrowsAndIsNeverEmpty(RuleRun run) throws Exception {
        CloudStorage s = run.unreachable().orElseThrow(() -> run.skip("no unreachable storage was given (override "
                + "createUnreachableStorage())"));
        String path = "2024/chat_vault_2024_01.json";
        mustThrow(s, "read of " + path, () -> s.read(path), "a failed read was taken for an absent file");
        mustThrow(s, "readVersions of " + path, () -> s.readVersions(path, CloudStorage.MAX_READ_BYTES),
                "a failed read was taken for an absent file");
        mustThrow(s, "list(\"\")", () -> s.list(""), "a failed listing was taken for an empty remote");
        mustThrow(s, "list(\"2024/\")", () -> s.list("2024/"), "a failed listing was taken for an empty folder");
    }

    /** The call must throw a StorageException; returning anything is the observation. */
    static void mustThrow(CloudStorage s, String what, Expect.Call call, String meaning) {
        Object returned;
        try {
            returned = call.run();
        } catch (StorageException expected) {
            return;
        } catch (Exception e) {
            throw fail("%s on the unreachable %s threw %s, which is no StorageException", what, s.describe(), e);
        }
        throw fail("%s on the unreachable %s returned %s instead of throwing: %s", what, s.describe(),
                shown(returned), meaning);
    }

    static void aReadOverItsLimitIsRefusedAndLeavesTheFile(RuleRun run) throws Exception {
        boundedReads(run, false);
    }

    static void aReadOfVersionsOverItsLimitIsRefusedAndLeavesTheFile(RuleRun run) throws Exception {
        boundedReads(run, true);
    }

    private static void boundedReads(RuleRun run, boolean versions) throws Exception {
        CloudStorage s = run.storage();
        String call = versions ? "readVersions" : "read";
        for (String path : TOP_AND_NESTED) {
            byte[] content = new byte[100];
            Random random = new Random(path.hashCode());
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) ('a' + random.nextInt(26));
            }
            Revision r = s.write(path, content, WriteCondition.ifAbsent());
            byte[] atLimit = Expect.expectOk(call + "(" + path + ", 100) of a file of exactly 100 bytes on "
                    + s.describe(), () -> boundedRead(s, path, 100, versions))
                    .orElseThrow(() -> fail("%s(%s, 100) of a file of exactly 100 bytes on %s is empty", call, path,
                            s.describe()));
            check(Arrays.equals(atLimit, content), "%s(%s, 100) of a file of exactly 100 bytes on %s returned %s", call,
                    path, s.describe(), shown(atLimit));
            ObjectTooLargeException e = expectThrows(ObjectTooLargeException.class, call + "(" + path
                    + ", 99) of a 100-byte file on " + s.describe(), () -> boundedRead(s, path, 99, versions));
            check(path.equals(e.path()) && e.limit() == 99, "%s(%s, 99) on %s threw ObjectTooLargeException for path "
                    + "'%s' and limit %d", call, path, s.describe(), e.path(), e.limit());
            holds(s, path, content, r, "after " + call + " refused it as too large");
            List<RemoteEntry> listed = s.list(path).stream().filter(x -> x.path().equals(path)).toList();
            check(listed.size() == 1 && listed.get(0).size() == 100 && listed.get(0).revision().equals(r),
                    "after %s refused %s as too large, %s lists it as %s; expected 100 bytes, revision %s", call, path,
                    s.describe(), shown(listed), r);
        }
        s.write("one.json", new byte[] {1}, WriteCondition.ifAbsent());
        expectThrows(ObjectTooLargeException.class, call + "(one.json, 0) of a 1-byte file on " + s.describe(),
                () -> boundedRead(s, "one.json", 0, versions));
    }

    private static Optional<byte[]> boundedRead(CloudStorage s, String path, long max, boolean versions) {
        if (!versions) {
            return s.read(path, max).map(RemoteObject::bytes);
        }
        List<RemoteObject> all = s.readVersions(path, max);
        if (all.size() > 1) {
            throw fail("readVersions(%s) on %s returned %d versions of a file written once", path, s.describe(),
                    all.size());
        }
        return all.stream().findFirst().map(RemoteObject::bytes);
    }

    // ---- R3 ----

    static void readYourWrite(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            for (int i = 0; i < 5; i++) {
                byte[] content = utf8("version " + i + " of " + path);
                Revision r = s.write(path, content, WriteCondition.unconditional());
                holds(s, path, content, r, "right after write " + i);
            }
        }
    }

    static void revisionsChangeOnEveryWriteAndListAgreesWithRead(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            List<Revision> seen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Revision r = s.write(path, utf8("content " + i), WriteCondition.unconditional());
                check(!seen.contains(r), "write %d of %s on %s returned revision %s, which write %d returned too; a "
                        + "revision must change on every write", i, path, s.describe(), r, seen.indexOf(r));
                seen.add(r);
            }
            Revision last = s.write(path, utf8("the last content"), WriteCondition.unconditional());
            check(!seen.contains(last), "the last write of %s on %s returned revision %s, which an earlier write "
                    + "returned too", path, s.describe(), last);
            Revision read = s.read(path).orElseThrow(() -> fail("%s on %s vanished", path, s.describe())).revision();
            List<Revision> listed = s.list("").stream().filter(e -> e.path().equals(path)).map(RemoteEntry::revision)
                    .distinct().toList();
            check(listed.equals(List.of(last)) && read.equals(last), "after writes of %s on %s, the last returned "
                    + "revision %s, read says %s and list says %s; all three must agree for an unchanged file", path,
                    s.describe(), last, read, listed);
        }
    }

    static void anUnconditionalWriteReplaces(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            s.write(path, utf8("one"), WriteCondition.ifAbsent());
            Revision two = s.write(path, utf8("two"), WriteCondition.unconditional());
            List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
            check(versions.size() == 1 && Arrays.equals(versions.get(0).bytes(), utf8("two")), "after an "
                    + "unconditional write of 'two' (revision %s) "
                    + "over 'one' at %s on %s, readVersions returns %s; the write must replace what was there", two,
                    path, s.describe(), shown(versions));
        }
    }

    static void writesOfDifferentPathsAreIndependent(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        Revision b = s.write("2024/b.json", utf8("b"), WriteCondition.unconditional());
        Revision top = s.write("b.json", utf8("top"), WriteCondition.unconditional());
        s.write("2024/a.json", utf8("a"), WriteCondition.unconditional());
        s.write("2024/a.json", utf8("a2"), WriteCondition.unconditional());
        s.write("a.json", utf8("a3"), WriteCondition.unconditional());
        s.write("a.json", utf8("a4"), WriteCondition.unconditional());
        holds(s, "2024/b.json", utf8("b"), b, "after writes of b.json, 2024/a.json and a.json");
        holds(s, "b.json", utf8("top"), top, "after writes of 2024/a.json and a.json");
    }

    static void anotherStorageOnTheSameRootSeesEveryChange(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage first = run.open(root);
        CloudStorage second = run.open(root);
        String path = "2024/shared.json";
        String context = "through a second storage on the same root";
        first.write("2024/other.json", utf8("so that the folder exists"), WriteCondition.ifAbsent());
        absent(second, path, context + ", before anything was written there");
        Revision r1 = first.write(path, utf8("from the first device"), WriteCondition.ifAbsent());
        holds(second, path, utf8("from the first device"), r1, context + ", after the first wrote it");
        listedEventually(second, path, context + ", after the first wrote it");
        Revision r2 = first.write(path, utf8("changed by the first device"), WriteCondition.ifMatch(r1));
        holds(second, path, utf8("changed by the first device"), r2, context + ", after the first changed it (a "
                + "cache of the first read?)");
        Revision r3 = second.write(path, utf8("changed by the second device"), WriteCondition.ifMatch(r2));
        holds(first, path, utf8("changed by the second device"), r3, "through the first storage, after the second "
                + "changed it");
        first.delete(path, WriteCondition.unconditional());
        absent(second, path, context + ", after the first deleted it");
    }

    private static void listedEventually(CloudStorage s, String path, String context) throws InterruptedException {
        boolean consistent = RuleRun.has(s, Capability.CONSISTENT_LISTING);
        List<String> listed = List.of();
        for (int attempt = 0; attempt < (consistent ? 1 : 20); attempt++) {
            listed = Expect.paths(s.list("2024/"));
            if (listed.contains(path)) {
                return;
            }
            Thread.sleep(250);
        }
        throw fail("list(\"2024/\") of %s %s shows %s, without %s%s", s.describe(), context, listed, path,
                consistent ? "" : " (after 5 seconds)");
    }

    static void concurrentWritesOfDifferentPathsAllLand(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            // All at once, into a folder that does not exist yet: its creation races too.
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<Revision>> writes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String path = String.format("c/%02d.json", i);
                byte[] content = utf8("file " + i);
                writes.add(pool.submit(() -> {
                    start.await();
                    return s.write(path, content, WriteCondition.ifAbsent());
                }));
            }
            start.countDown();
            for (int i = 0; i < 24; i++) {
                Revision r = writes.get(i).get(5, TimeUnit.MINUTES);
                holds(s, String.format("c/%02d.json", i), utf8("file " + i), r, "after 24 concurrent writes");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void aWriteOrDeleteThatFailedThrows(RuleRun run) throws Exception {
        CloudStorage s = run.unreachable().orElseThrow(() -> run.skip("no unreachable storage was given (override "
                + "createUnreachableStorage())"));
        String path = "2024/chat_vault_2024_01.json";
        String lost = "a change that never happened was reported done";
        for (WriteCondition c : List.of(WriteCondition.unconditional(), WriteCondition.ifAbsent(),
                WriteCondition.ifMatch(new Revision("tck-some-revision")))) {
            mustThrow(s, "write of " + path + " with " + shown(c), () -> s.write(path, utf8("x"), c), lost);
        }
        mustThrow(s, "delete of " + path, () -> {
            s.delete(path, WriteCondition.unconditional());
            return "success";
        }, lost);
        mustThrow(s, "delete of " + path + " with ifAbsent", () -> {
            s.delete(path, WriteCondition.ifAbsent());
            return "success";
        }, lost);
    }
}
