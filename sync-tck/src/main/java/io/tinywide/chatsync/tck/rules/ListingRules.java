package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.paths;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R5: listings. */
final class ListingRules {
    private ListingRules() {
    }

    static void listReturnsEverythingUnderThePrefixAndNothingElse(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("2024/chat_vault_2024_01.json", 1);
        files.put("2024/chat_manifest_2024_01.json", 2);
        files.put("2024x/look-alike.json", 3);
        files.put("20245/look-alike-too.json", 4);
        files.put("2024.json", 5);
        files.put("2025/chat_vault_2025_01.json", 6);
        files.put("keyring.json", 7);
        for (var f : files.entrySet()) {
            s.write(f.getKey(), new byte[f.getValue()], WriteCondition.ifAbsent());
        }
        expectListing(s, "", files, files.keySet());
        expectListing(s, "2024/", files, Set.of("2024/chat_vault_2024_01.json", "2024/chat_manifest_2024_01.json"));
        expectListing(s, "2024", files, Set.of("2024/chat_vault_2024_01.json", "2024/chat_manifest_2024_01.json",
                "2024x/look-alike.json", "20245/look-alike-too.json", "2024.json"));
        expectListing(s, "2024/chat_vault", files, Set.of("2024/chat_vault_2024_01.json"));
        expectListing(s, "2026/", files, Set.of());
    }

    /** Compares as sets: a path listed twice is R5.5's concern, not this rule's. */
    private static void expectListing(CloudStorage s, String prefix, Map<String, Integer> sizes, Set<String> expected) {
        List<RemoteEntry> listed = s.list(prefix);
        Set<String> got = new TreeSet<>(paths(listed));
        Set<String> extra = new TreeSet<>(got);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        check(extra.isEmpty() && missing.isEmpty(), "list(\"%s\") on %s returned %s%s%s", prefix, s.describe(), got,
                extra.isEmpty() ? "" : "; outside the prefix or never written: " + extra,
                missing.isEmpty() ? "" : "; missing: " + missing);
        for (RemoteEntry e : listed) {
            check(e.size() == sizes.get(e.path()), "list(\"%s\") on %s gives %s a size of %d bytes; it holds %d",
                    prefix, s.describe(), e.path(), e.size(), sizes.get(e.path()));
        }
    }

    static void listFollowsEveryPage(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        int n = run.subject.entriesBeyondOnePage();
        Set<String> expected = writeMany(s, "p/", n);
        for (String prefix : List.of("p/", "")) {
            Set<String> got = new TreeSet<>(paths(s.list(prefix)));
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(got);
            Set<String> extra = new TreeSet<>(got);
            extra.removeAll(expected);
            check(missing.isEmpty() && extra.isEmpty(), "list(\"%s\") on %s returned %d of %d files%s%s (pages "
                    + "dropped?)", prefix, s.describe(), got.size() - extra.size(), n,
                    missing.isEmpty() ? "" : "; missing " + missing.size() + ", first " + missing.iterator().next(),
                    extra.isEmpty() ? "" : "; never written: " + extra);
        }
    }

    static Set<String> writeMany(CloudStorage s, String folder, int n) {
        Set<String> written = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            String path = String.format("%s%04d.json", folder, i);
            s.write(path, utf8(Integer.toString(i)), WriteCondition.ifAbsent());
            written.add(path);
        }
        return written;
    }

    static void nestedPathsAreListedInFull(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        s.write("a/b/c/deep.json", utf8("x"), WriteCondition.unconditional());
        for (String prefix : List.of("", "a/", "a/b/", "a/b/c/deep")) {
            List<String> listed = paths(s.list(prefix));
            check(new TreeSet<>(listed).equals(Set.of("a/b/c/deep.json")), "list(\"%s\") on %s returned %s; "
                    + "expected the nested file a/b/c/deep.json by its full path", prefix, s.describe(), listed);
        }
    }

    static void aDeletedFileIsNoLongerListed(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        boolean consistent = RuleRun.has(s, Capability.CONSISTENT_LISTING);
        for (String path : ReadWriteRules.TOP_AND_NESTED) {
            s.write(path, utf8("x"), WriteCondition.ifAbsent());
            s.write(path + ".other", utf8("y"), WriteCondition.ifAbsent());
            s.delete(path, WriteCondition.unconditional());
            for (int attempt = 0; ; attempt++) {
                List<String> listed = paths(s.list(""));
                if (!listed.contains(path)) {
                    break;
                }
                if (consistent || attempt >= 20) {
                    throw fail("%s on %s is still listed after its delete%s: %s", path, s.describe(),
                            consistent ? " (the storage declares CONSISTENT_LISTING)" : ", 5 seconds later", listed);
                }
                Thread.sleep(250);
            }
        }
    }

    static void eachPathOrVersionIsListedOnce(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage s = run.open(root);
        boolean unique = RuleRun.has(s, Capability.UNIQUE_PATHS);
        for (int i = 0; i < 3; i++) {
            s.write("2024/chat_vault_2024_01.json", utf8("v" + i), WriteCondition.unconditional());
        }
        s.write("2024/chat_vault_2024_02.json", utf8("x"), WriteCondition.ifAbsent());
        onceEach(s, "", unique, "after three writes of 2024/chat_vault_2024_01.json");
        writeMany(s, "p/", run.subject.entriesBeyondOnePage());
        onceEach(s, "", unique, "in a listing of more than one page");
        onceEach(s, "p/", unique, "in a listing of more than one page");
        // Racing creators of one name: one file where names are unique, one entry per version elsewhere.
        // A few races, since one may happen not to overlap.
        List<CloudStorage> devices = List.of(s, run.open(root));
        try (Race race = new Race(4)) {
            for (int attempt = 0; attempt < 5; attempt++) {
                String path = String.format("2024/raced-%d.json", attempt);
                Race.Result r = race.run(devices, path, WriteCondition.ifAbsent(), "created");
                List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
                List<RemoteEntry> listed = s.list(path).stream().filter(e -> e.path().equals(path)).toList();
                if (unique) {
                    check(listed.size() == 1 && versions.size() == 1, "%s on %s, which declares UNIQUE_PATHS, and the "
                            + "name now holds %d listed file(s), %d version(s)", r.summary(), s.describe(),
                            listed.size(), versions.size());
                }
                onceEach(s, "2024/", unique, "after " + r.summary());
                if (!unique) {
                    Set<Revision> listedRevisions = listed.stream().map(RemoteEntry::revision)
                            .collect(Collectors.toSet());
                    Set<Revision> readRevisions = versions.stream().map(RemoteObject::revision)
                            .collect(Collectors.toSet());
                    check(listedRevisions.equals(readRevisions), "after %s on %s, list shows revisions %s and "
                            + "readVersions %s", r.summary(), s.describe(), listedRevisions, readRevisions);
                }
            }
        }
    }

    /** Every path once where names are unique; every (path, revision) once otherwise. */
    private static void onceEach(CloudStorage s, String prefix, boolean unique, String context) {
        List<RemoteEntry> listed = s.list(prefix);
        Function<RemoteEntry, String> key = unique ? RemoteEntry::path : e -> e.path() + " @ " + e.revision();
        Map<String, Long> counts = listed.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.counting()));
        List<String> repeated = new ArrayList<>();
        counts.forEach((k, c) -> {
            if (c > 1) {
                repeated.add(k + " (" + c + " times)");
            }
        });
        check(repeated.isEmpty(), "list(\"%s\") on %s %s repeats %s %s", prefix, s.describe(), context,
                unique ? "paths" : "versions", repeated.size() > 5 ? repeated.subList(0, 5) + " …" : repeated);
    }
}
