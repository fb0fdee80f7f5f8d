package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.tinywide.chatsync.tck.rules.Expect.absent;
import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.paths;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R8: paths and roots. */
final class PathRules {
    /** Paths that could leave the root, or that some backend would take for something else. */
    static final List<String> BAD_PATHS = List.of("../escape.json", "..", "../sibling/escape.json", "/abs.json",
            "a/../../escape.json", "a/./b.json", "./a.json", ".", "a//b.json", "a/", "", "a\\b.json",
            "..\\escape.json", "a\0b.json", "a\nb.json", "a\u0001b.json", "a\u007fb.json");
    /** Prefixes that no valid path starts with: a listing of one refuses, or lists nothing. */
    static final List<String> BAD_PREFIXES = List.of("../", "../sibling/", "/", "/2024/", "a/../", "./", "a/./",
            "a//", "\\", "..\\", "a\0", "a\n");

    private PathRules() {
    }

    static void aRootWithSpacesAndNonAsciiLettersWorks(RuleRun run) throws Exception {
        String root = "Mes données · チャット " + java.util.UUID.randomUUID().toString().substring(0, 8);
        CloudStorage s = run.open(root);
        Revision r = s.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
        holds(s, "2024/chat_vault_2024_01.json", utf8("x"), r, "under the root '" + root + "'");
        List<String> listed = paths(s.list(""));
        check(listed.equals(List.of("2024/chat_vault_2024_01.json")), "list of %s under the root '%s' returned %s",
                s.describe(), root, listed);
        holds(run.open(root), "2024/chat_vault_2024_01.json", utf8("x"), r, "through a second storage on the root '"
                + root + "'");
    }

    static void pathsThatCouldLeaveTheRootAreRefusedByEveryOperation(RuleRun run) throws Exception {
        String base = run.newRoot();
        CloudStorage s = run.open(base + "/me");
        CloudStorage sibling = run.open(base + "/sibling");
        Revision mine = s.write("mine.json", utf8("mine"), WriteCondition.ifAbsent());
        Revision theirs = sibling.write("escape.json", utf8("the sibling's"), WriteCondition.ifAbsent());
        for (String bad : BAD_PATHS) {
            String shownPath = printable(bad);
            refused(s, "write of '" + shownPath + "'", () -> s.write(bad, utf8("x"), WriteCondition.unconditional()));
            refused(s, "ifAbsent write of '" + shownPath + "'",
                    () -> s.write(bad, utf8("x"), WriteCondition.ifAbsent()));
            refused(s, "read of '" + shownPath + "'", () -> s.read(bad));
            refused(s, "readVersions of '" + shownPath + "'", () -> s.readVersions(bad, CloudStorage.MAX_READ_BYTES));
            refused(s, "delete of '" + shownPath + "'", () -> {
                s.delete(bad, WriteCondition.unconditional());
                return "success";
            });
        }
        for (String prefix : BAD_PREFIXES) {
            List<RemoteEntry> listed;
            try {
                listed = s.list(prefix);
            } catch (IllegalArgumentException | StorageException refused) {
                continue;
            }
            check(listed.isEmpty(), "list(\"%s\") on %s returned %s; no valid path starts with that prefix, so it "
                    + "must refuse or list nothing", printable(prefix), s.describe(), shown(listed));
        }
        holds(s, "mine.json", utf8("mine"), mine, "after the refused paths");
        holds(sibling, "escape.json", utf8("the sibling's"), theirs, "in a sibling root, after the refused paths");
        Set<String> left = new TreeSet<>(paths(s.list("")));
        check(left.equals(Set.of("mine.json")), "after the refused paths, %s lists %s", s.describe(), left);
        Set<String> siblingLeft = new TreeSet<>(paths(sibling.list("")));
        check(siblingLeft.equals(Set.of("escape.json")), "after the refused paths, the sibling %s lists %s",
                sibling.describe(), siblingLeft);
    }

    /** The call must be refused with IllegalArgumentException or a StorageException. */
    private static void refused(CloudStorage s, String what, Expect.Call call) {
        Object returned;
        try {
            returned = call.run();
        } catch (IllegalArgumentException | StorageException expected) {
            return;
        } catch (Exception e) {
            throw fail("%s on %s threw %s; expected IllegalArgumentException or a StorageException", what,
                    s.describe(), e);
        }
        throw fail("%s on %s was accepted and returned %s; it must be refused before any I/O", what, s.describe(),
                shown(returned));
    }

    static String printable(String path) {
        StringBuilder b = new StringBuilder();
        path.chars().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return b.toString();
    }

    static void siblingRootsAreIsolatedEvenWhenOneNameStartsTheOther(RuleRun run) throws Exception {
        String base = run.newRoot();
        CloudStorage x = run.open(base + "/x");
        CloudStorage x2 = run.open(base + "/x2");
        x.write("2024/own.json", utf8("x's own"), WriteCondition.ifAbsent());
        Revision theirs = x2.write("y.json", utf8("x2's"), WriteCondition.ifAbsent());
        x2.write("2024/z.json", utf8("x2's"), WriteCondition.ifAbsent());
        List<RemoteEntry> seen = x.list("");
        check(paths(seen).equals(List.of("2024/own.json")), "list(\"\") of %s shows %s; only 2024/own.json is its "
                + "own, the rest a storage on the look-alike root '%s/x2' wrote", x.describe(), shown(seen), base);
        for (String path : List.of("y.json", "2024/z.json")) {
            absent(x, path, "(only the storage on '" + base + "/x2' wrote it)");
            check(x.readVersions(path, CloudStorage.MAX_READ_BYTES).isEmpty(), "readVersions of %s on %s sees what "
                    + "the storage on the look-alike root '%s/x2' wrote", path, x.describe(), base);
        }
        Revision mine = x.write("y.json", utf8("x's"), WriteCondition.ifAbsent());
        holds(x2, "y.json", utf8("x2's"), theirs, "after the storage on '" + base + "/x' wrote its own y.json");
        holds(x, "y.json", utf8("x's"), mine, "beside the look-alike root '" + base + "/x2'");
        Set<String> x2Listed = new TreeSet<>(paths(x2.list("")));
        check(x2Listed.equals(Set.of("y.json", "2024/z.json")), "list(\"\") of %s returned %s", x2.describe(),
                x2Listed);
    }
}
