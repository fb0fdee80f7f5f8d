package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.tinywide.chatsync.tck.rules.Expect.absent;
import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.paths;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R10: closing, and removing an empty root. */
final class LifecycleRules {
    private LifecycleRules() {
    }

    static void closeReturnsAndMayBeCalledTwice(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        s.write("z.json", utf8("x"), WriteCondition.ifAbsent());
        s.read("z.json");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            s.close();
            s.close();
        });
        try {
            // Not a speed limit: a close that has not returned after minutes hangs.
            closing.get(3, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw fail("close() of %s did not return within 3 minutes", s.describe());
        } catch (ExecutionException e) {
            throw fail("close() of %s, called twice, threw %s", s.describe(), e.getCause());
        }
    }

    static void aClosedStorageNeverAnswersWrongly(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        byte[] kept = utf8("kept");
        Revision r = s.write("2024/kept.json", kept, WriteCondition.ifAbsent());
        s.write("closed/doomed.json", utf8("doomed"), WriteCondition.ifAbsent());
        s.close();
        String closed = "the closed " + s.describe();
        Optional<RemoteObject> read = answer(() -> s.read("2024/kept.json"));
        if (read != null) {
            check(read.isPresent() && Arrays.equals(read.get().bytes(), kept), "read of 2024/kept.json on %s returned "
                    + "%s; a closed storage may refuse, but never report a written file as absent or changed", closed,
                    shown(read));
        }
        List<RemoteObject> versions = answer(() -> s.readVersions("2024/kept.json", CloudStorage.MAX_READ_BYTES));
        if (versions != null) {
            check(versions.size() == 1 && Arrays.equals(versions.get(0).bytes(), kept), "readVersions of "
                    + "2024/kept.json on %s returned %s; a closed storage may refuse, but never answer wrongly", closed,
                    shown(versions));
        }
        List<RemoteEntry> listed = answer(() -> s.list(""));
        if (listed != null) {
            check(paths(listed).contains("2024/kept.json"), "list on %s returned %s, without 2024/kept.json; a closed "
                    + "storage may refuse, but never list a written file as gone", closed, paths(listed));
        }
        Revision written = answer(() -> s.write("2024/after-close.json", utf8("after"), WriteCondition.ifAbsent()));
        Boolean deleted = answer(() -> {
            s.delete("closed/doomed.json", WriteCondition.unconditional());
            return Boolean.TRUE;
        });
        CloudStorage fresh = run.open(root);
        if (written != null) {
            Optional<RemoteObject> there = fresh.read("2024/after-close.json");
            check(there.isPresent() && Arrays.equals(there.get().bytes(), utf8("after")), "a write on %s returned "
                    + "revision %s, but a fresh storage on the root reads %s; a closed storage may refuse, never "
                    + "report a write it did not make", closed, written, shown(there));
        }
        if (deleted != null) {
            absent(fresh, "closed/doomed.json", "through a fresh storage, after a delete on " + closed
                    + " reported success");
        }
        holds(fresh, "2024/kept.json", kept, r, "through a fresh storage, after the first was closed");
    }

    /** The call's answer, or null if it refused (any exception: a closed storage may refuse as it likes). */
    private static <T> T answer(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception refused) {
            return null;
        }
    }

    static void removingAnEmptyRootNeverRemovesAFile(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        Revision r = s.write("2024/chat_vault_2024_01.json", utf8("kept"), WriteCondition.ifAbsent());
        boolean removed = s.removeRootIfEmpty();
        CloudStorage fresh = run.open(root);
        holds(fresh, "2024/chat_vault_2024_01.json", utf8("kept"), r, "through a fresh storage, after "
                + "removeRootIfEmpty() on a root that holds it");
        check(!removed, "removeRootIfEmpty() on %s, which holds a file, returned true", s.describe());
        fresh.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional());
        boolean consistent = RuleRun.has(fresh, io.tinywide.chatsync.core.port.out.Capability.CONSISTENT_LISTING);
        for (int attempt = 0; !consistent && attempt < 20 && !fresh.list("").isEmpty(); attempt++) {
            Thread.sleep(250);
        }
        if (!fresh.list("").isEmpty()) {
            throw run.skip("the deleted file is still listed, so the root is not empty to the storage's own eyes (R5.4 "
                    + "fails)");
        }
        check(fresh.removeRootIfEmpty(), "removeRootIfEmpty() on %s, whose only file was deleted, returned false",
                fresh.describe());
        CloudStorage again = run.open(root);
        check(again.list("").isEmpty(), "after removeRootIfEmpty(), a storage on the root lists %s",
                shown(again.list("")));
    }
}
