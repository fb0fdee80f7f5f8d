package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line through its main entry ({@link ChatsyncCli#run}), on real SQLite files and folders. */
class CliTest {
    @TempDir
    Path tmp;
    private Path remote;
    private Path passphrase;

    record Result(int status, String out, String err) { }

    private Result chatsync(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private Result on(String device, String... command) {
        List<String> args = new ArrayList<>(List.of("--store", tmp.resolve(device + ".db").toString(),
                "--remote", remote.toUri().toString(), "--passphrase-file", passphrase.toString()));
        args.addAll(List.of(command));
        return chatsync(args.toArray(String[]::new));
    }

    @BeforeEach
    void setUp() throws IOException {
        remote = Files.createDirectories(tmp.resolve("remote folder"));
        passphrase = tmp.resolve("passphrase.txt");
        Files.writeString(passphrase, "correct horse battery staple\n");
    }

    private Path lines(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static final String M1 = "{\"id\":\"m1\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\","
            + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi\"}";
    private static final String M2 = "{\"id\":\"m2\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:bob\","
            + "\"sentAt\":\"2024-03-01T08:30:00.500Z\",\"type\":\"image\",\"payload\":\"AAEC\",\"status\":\"read\","
            + "\"tags\":[\"photo\"],\"receipts\":{\"urn:user:alice\":\"read\"}}";
    private static final String M3 = "{\"id\":\"m3\",\"conversation\":\"urn:chat:family\",\"sender\":\"urn:user:carol\","
            + "\"sentAt\":\"2024-02-10T20:00:00Z\",\"type\":\"text\",\"text\":\"dinner?\"}";

    @Test
    void importSyncOnASecondDeviceAndExportEqual() throws IOException {
        Path input = lines("history.jsonl", M2, M1, "", M3);
        Result imported = on("a", "import", input.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("3 new");
        assertThat(on("a", "sync").status()).isZero();

        Result sync = on("b", "sync");
        assertThat(sync.status()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("3 downloaded");
        Result exportA = on("a", "export");
        Result exportB = on("b", "export");
        assertThat(exportB.out()).isEqualTo(exportA.out());
        assertThat(exportA.out().lines()).containsExactly(M1, M3, M2);
    }

    @Test
    void aDeletionAndAnEditTravelAndTheVerifierIsHappy() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M2, M3).toString());
        on("a", "sync");
        on("b", "sync");
        Result deleted = on("b", "delete", "m3");
        assertThat(deleted.status()).isZero();
        on("b", "sync");
        on("a", "import", lines("edit.jsonl", M1.replace("\"hi\"", "\"hi, edited\"")).toString());
        on("a", "sync");
        on("b", "sync");
        assertThat(on("a", "export").out()).isEqualTo(on("b", "export").out()).doesNotContain("m3")
                .contains("hi, edited");
        Result verify = on("a", "verify");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("6 files ok, 0 bad");
    }

    @Test
    void aBadLineIsRejectedWithItsNumberAndNothingIsImported() throws IOException {
        Path input = lines("bad.jsonl", M1, M2.replace("\"type\"", "\"kind\""), M3);
        Result r = on("a", "import", input.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("chatsync: ").contains("bad.jsonl line 2", "nothing was imported")
                .doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(on("a", "export").out()).isEmpty();

        Result duplicate = on("a", "import", lines("dup.jsonl", M1, M1).toString());
        assertThat(duplicate.err()).contains("line 2", "already appears on line 1");

        Result farFuture = on("a", "import", lines("future.jsonl", M1,
                M2.replaceFirst("\"sentAt\":\"[^\"]+\"", "\"sentAt\":\"+10000-01-01T00:00:00Z\"")).toString());
        assertThat(farFuture.status()).isEqualTo(1);
        assertThat(farFuture.err()).contains("future.jsonl line 2", "0001 to 9999", "nothing was imported");
        assertThat(on("a", "export").out()).isEmpty();
    }

    /** Each rejected import: status 1, one stderr line naming file and line, and the store unchanged. */
    private void assertRejected(Result r, String... expected) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("chatsync: ").contains(expected).contains("nothing was imported")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void anImportThatContradictsTheStoreNamesTheLineAndChangesNothing() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M3).toString());
        on("a", "delete", "m3");
        String before = on("a", "export").out();

        // line 1 is fine; line 2 reuses m1 in another month
        assertRejected(on("a", "import", lines("moved.jsonl", M2,
                M1.replace("2024-01-15T10:00:00Z", "2024-03-15T10:00:00Z")).toString()),
                "moved.jsonl line 2: message m1 is already stored in 2024-01 with another sentAt");
        assertRejected(on("a", "import", lines("conv.jsonl", M2,
                M1.replace("urn:chat:alice-bob", "urn:chat:other")).toString()),
                "conv.jsonl line 2: message m1 is already stored in conversation urn:chat:alice-bob");
        assertRejected(on("a", "import", lines("sender.jsonl", M1.replace("urn:user:alice", "urn:user:eve"))
                .toString()), "sender.jsonl line 1: message m1 is already stored with sender urn:user:alice");
        // m3 was deleted in 2024-02: it cannot come back in another month, nor another day of its month
        assertRejected(on("a", "import", lines("undead.jsonl", M2,
                M3.replace("2024-02-10T20:00:00Z", "2024-05-10T20:00:00Z")).toString()),
                "undead.jsonl line 2: message m3 was deleted on this device", "2024-02-10T20:00:00Z");
        assertRejected(on("a", "import", lines("undead2.jsonl",
                M3.replace("2024-02-10T20:00:00Z", "2024-02-11T20:00:00Z"), M2).toString()),
                "undead2.jsonl line 1: message m3 was deleted on this device");

        assertThat(on("a", "export").out()).isEqualTo(before).doesNotContain("\"m2\"");
        Result same = on("a", "import", lines("again.jsonl", M3, M1).toString());
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.out()).contains("1 unchanged, 1 already deleted");
    }

    /**
     * The import is streamed: each line is written as it is read. A repeated id is still found
     * whatever the first line did to the store (added, edited, found unchanged or deleted), errors of
     * the file itself still come before a contradiction with the store, and nothing lands.
     */
    @Test
    void aStreamedImportFindsRepeatsAndKeepsTheOrderOfItsErrors() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M3).toString());
        on("a", "delete", "m3");
        String before = on("a", "export").out();
        String edited = M1.replace("\"hi\"", "\"hi, edited\"");
        assertRejected(on("a", "import", lines("twice-edited.jsonl", M2, edited, edited).toString()),
                "twice-edited.jsonl line 3: message id 'm1' already appears on line 2");
        assertRejected(on("a", "import", lines("twice-same.jsonl", M1, M2, M1).toString()),
                "twice-same.jsonl line 3: message id 'm1' already appears on line 1");
        assertRejected(on("a", "import", lines("twice-deleted.jsonl", M3, M3).toString()),
                "twice-deleted.jsonl line 2: message id 'm3' already appears on line 1");
        assertRejected(on("a", "import", lines("twice-new.jsonl", M2, M1, M2).toString()),
                "twice-new.jsonl line 3: message id 'm2' already appears on line 1");
        Result fileFirst = on("a", "import", lines("both.jsonl", M2,
                M1.replace("urn:user:alice", "urn:user:eve"), "{not json").toString());
        assertRejected(fileFirst, "both.jsonl line 3", "not valid JSON");
        assertThat(on("a", "export").out()).isEqualTo(before);
    }

    @Test
    void anUnreadableImportFileSaysWhichFileAndLine() throws IOException {
        assertRejected(on("a", "import", tmp.resolve("missing.jsonl").toString()), "no file ",
                "missing.jsonl");

        Path latin1 = tmp.resolve("latin1.jsonl");
        Files.write(latin1, (M1 + "\n" + M3.replace("dinner?", "d\u00eener?") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(on("a", "import", latin1.toString()), "latin1.jsonl line 2 is not valid UTF-8");
        assertThat(on("a", "export").out()).isEmpty();
    }

    @Test
    void aByteOrderMarkFromAWindowsEditorIsNoPartOfTheFirstLine() throws IOException {
        Path withBom = tmp.resolve("bom.jsonl");
        Files.write(withBom, ("\uFEFF" + M1 + "\r\n" + M3 + "\r\n").getBytes(StandardCharsets.UTF_8));
        Result r = on("a", "import", withBom.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 new");
        assertThat(on("a", "export").out()).doesNotContain("\uFEFF").contains("\"m1\"", "\"m3\"");
    }

    @Test
    void aLineLongerThanOneMebibyteIsRefusedAndOneOfExactlyThatSizeIsRead() throws IOException {
        int limit = 1 << 20;
        String head = M1.substring(0, M1.length() - "hi\"}".length());
        String exact = head + "x".repeat(limit - head.length() - 2) + "\"}";
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(limit);

        assertRejected(on("a", "import", lines("huge.jsonl", M3, exact.replace("\"}", "xx\"}")).toString()),
                "huge.jsonl line 2 is longer than 1 MiB; is this a JSON-lines export?");
        Result fits = on("a", "import", lines("big.jsonl", M3, exact).toString());
        assertThat(fits.status()).as(fits.err()).isZero();
        assertThat(fits.out()).contains("2 new");
    }

    @Test
    void aWrongPassphraseFailsClearlyAndWritesNothing() throws IOException {
        on("a", "import", lines("h.jsonl", M1).toString());
        on("a", "sync");
        Map<String, String> before = snapshot(remote);
        Files.writeString(passphrase, "not the passphrase\n");
        on("b", "import", lines("h2.jsonl", M3).toString());
        Result r = on("b", "sync");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("passphrase does not unlock").doesNotContain("\tat ");
        assertThat(snapshot(remote)).isEqualTo(before);
    }

    @Test
    void aBlankPassphraseIsRefusedBeforeAnythingIsWritten() throws IOException {
        on("a", "import", lines("h.jsonl", M1).toString());
        Files.writeString(passphrase, " \t \n");
        Result r = on("a", "sync");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("chatsync: ").contains("passphrase is blank", passphrase.toString());
        assertThat(snapshot(remote)).isEmpty();
    }

    @Test
    void aTamperedRemoteFileFailsAndLeavesRemoteAndStoreUnchanged() throws IOException {
        syncJanuaryAndFebruaryThenTamperWithJanuary();
        Map<String, String> remoteBefore = snapshot(remote);

        Result sync = on("b", "sync");
        assertThat(sync.status()).isEqualTo(1);
        assertThat(sync.out()).contains("FAILED 2024-01", "left untouched");
        assertThat(snapshot(remote)).isEqualTo(remoteBefore);
        assertThat(on("b", "export").out()).as("the good month still arrived").contains("\"m3\"")
                .doesNotContain("\"m1\"");

        Result verify = on("b", "verify");
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("BAD  2024/chat_vault_2024_01.json");
    }

    /** Device a backs up m1 (January) and m3 (February); then one bit of January's vault flips. */
    private void syncJanuaryAndFebruaryThenTamperWithJanuary() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M3).toString());
        on("a", "sync");
        Path vault = remote.resolve("tinywide/messaging/2024/chat_vault_2024_01.json");
        byte[] bytes = Files.readAllBytes(vault);
        bytes[bytes.length - 20] ^= 0x04;
        Files.write(vault, bytes);
    }

    @Test
    void verifyFlagsAManifestWithoutItsVaultAndNamesLookAlikeFiles() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M3).toString());
        on("a", "sync");
        Path month = remote.resolve("tinywide/messaging/2024");
        Files.move(month.resolve("chat_vault_2024_01.json"), month.resolve("chat_vault_2024_1.json"));

        Result verify = on("b", "verify");
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("BAD  2024/chat_manifest_2024_01.json  describes 2024/chat_vault_2024_01.json,"
                + " which is not there", "skip 2024/chat_vault_2024_1.json  not a chatsync file name");
        assertThat(verify.err()).contains("2024/chat_manifest_2024_01.json");

        Files.delete(month.resolve("chat_manifest_2024_02.json"));
        Result again = on("b", "verify");
        assertThat(again.err()).as("a manifest that is missing counts among the files")
                .startsWith("chatsync: 2 of 3 files on ");
    }

    @Test
    void failedMonthsAreNamedOnStderrWithWhatToDoNext() throws IOException {
        syncJanuaryAndFebruaryThenTamperWithJanuary();

        Result sync = on("b", "sync");
        assertThat(sync.status()).isEqualTo(1);
        assertThat(sync.err().strip().lines()).as(sync.err()).hasSize(1);
        assertThat(sync.err()).startsWith("chatsync: 1 of 2 months failed to sync (2024-01: ")
                .contains("nothing was lost", "chatsync verify");

        Result restore = on("c", "restore", "--month", "2024-01");
        assertThat(restore.status()).isEqualTo(1);
        assertThat(restore.err().strip().lines()).as(restore.err()).hasSize(1);
        assertThat(restore.err()).startsWith("chatsync: 1 of 1 months failed to restore (2024-01: ")
                .contains("chatsync verify");

        Result verify = on("b", "verify");
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.err().strip().lines()).as(verify.err()).hasSize(1);
        assertThat(verify.err()).startsWith("chatsync: 1 of 4 files on ")
                .contains("are bad: 2024/chat_vault_2024_01.json", "restore");
    }

    @Test
    void restoresFetchOlderMonthsOnDemand() throws IOException {
        List<String> many = new ArrayList<>();
        for (int month = 1; month <= 8; month++) {
            many.add(String.format("{\"id\":\"x%d\",\"conversation\":\"urn:chat:%s\",\"sender\":\"urn:user:a\","
                    + "\"sentAt\":\"2024-%02d-05T10:00:00Z\",\"type\":\"text\",\"text\":\"m\"}", month,
                    month == 2 ? "rare" : "common", month));
        }
        on("a", "import", lines("many.jsonl", many.toArray(String[]::new)).toString());
        on("a", "sync");
        on("b", "sync");
        assertThat(on("b", "export").out().lines()).hasSize(3);
        Result month = on("b", "restore", "--month", "2024-01");
        assertThat(month.status()).as(month.err()).isZero();
        assertThat(month.out()).contains("restored 1 months [2024-01]");
        assertThat(on("b", "restore", "--date", "2024-04-30").out()).contains("[2024-04]");
        assertThat(on("b", "restore", "--conversation", "urn:chat:rare").out()).contains("[2024-02]");
        assertThat(on("b", "export").out().lines()).hasSize(6);
        assertThat(on("b", "restore", "--month", "24-1").err()).contains("--month must look like 2024-01");
    }

    /** A month that was never backed up is not a failure (exit 0), but it must not look like a restore. */
    @Test
    void restoringWhatIsNotBackedUpSaysSoPlainly() throws IOException {
        on("a", "import", lines("h.jsonl", M1).toString());
        on("a", "sync");
        Result month = on("b", "restore", "--month", "2023-02");
        assertThat(month.status()).as(month.err()).isZero();
        assertThat(month.out()).startsWith("no backup for 2023-02 at localfs:").doesNotContain("restored 0 months");
        Result conversation = on("b", "restore", "--conversation", "urn:chat:nobody");
        assertThat(conversation.status()).as(conversation.err()).isZero();
        assertThat(conversation.out()).startsWith("nothing to restore for urn:chat:nobody at localfs:");
    }

    @Test
    void aDateOrMonthOutOfRangeNamesItsOption() {
        for (String date : List.of("0000-06-01", "+10000-01-01", "2024-02-30", "yesterday")) {
            Result r = on("a", "restore", "--date", date);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("chatsync: --date ").contains("'" + date + "'");
        }
        assertThat(on("a", "restore", "--date", "0000-06-01").err()).contains("years 0001 to 9999");
        assertThat(on("a", "restore", "--month", "0000-06").err()).startsWith("chatsync: --month ")
                .contains("years 0001 to 9999");
        assertThat(tmp.resolve("a.db")).as("a mistyped date leaves no new store behind").doesNotExist();
    }

    /** Deleting twice reaches the state asked for, so it is not an error (exit 0); nor is a restore the answer. */
    @Test
    void deletingADeletedMessageSaysItIsAlreadyDeleted() throws IOException {
        on("a", "import", lines("h.jsonl", M1, M3).toString());
        assertThat(on("a", "delete", "m3").status()).isZero();
        Result again = on("a", "delete", "m3");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out())
                .startsWith("m3 is already deleted (urn:chat:family, 2024-02-10T20:00:00Z, deleted at ")
                .contains("nothing to do");
        assertThat(again.err()).doesNotContain("restore");
    }

    @Test
    void usageErrorsAndMissingSettingsSayWhatToDo() throws IOException {
        assertThat(chatsync("--store", tmp.resolve("x.db").toString(), "sync").err())
                .contains("no remote given: pass --remote URI");
        assertThat(chatsync("--store", tmp.resolve("x.db").toString(), "--remote", "ftp://host/x", "sync").err())
                .contains("scheme 'ftp'", "available schemes");
        // gdrive is in the build now; onedrive is a scheme no provider here claims
        assertThat(chatsync("--store", tmp.resolve("x.db").toString(), "--remote", "onedrive:", "sync").err())
                .as("a scheme alone is a remote whose provider is missing, not a malformed URI")
                .contains("scheme 'onedrive'", "available schemes");
        assertThat(tmp.resolve("x.db")).as("a remote that cannot be used leaves no new store behind").doesNotExist();
        assertThat(on("x", "import", lines("h.jsonl", M1).toString()).status()).isZero();
        assertThat(chatsync("--store", tmp.resolve("x.db").toString(), "delete", "nope").err())
                .contains("no message with id 'nope'", "restore --month");
        assertThat(chatsync("restore").status()).isEqualTo(2);
        assertThat(chatsync("providers").out()).contains("localfs", "ATOMIC_CONDITIONAL_WRITE");
    }

    @Test
    void aUsageErrorIsOneLineThatPointsAtTheCommandsHelp() {
        Result missing = chatsync("restore");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip().lines()).as(missing.err()).hasSize(1);
        assertThat(missing.err()).startsWith("chatsync: Missing required argument")
                .contains("see 'chatsync restore --help'");

        Result unknown = chatsync("--store", tmp.resolve("x.db").toString(), "synk");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).as(unknown.err()).hasSize(1);
        assertThat(unknown.err()).startsWith("chatsync: Unmatched argument").contains("'synk'", "sync",
                "see 'chatsync --help'");
    }

    @Test
    void commandsThatNeedAStoreRefuseAMissingOneAndCreateNothing() {
        Path folder = tmp.resolve("no such folder");
        Path store = folder.resolve("device.db");
        for (String[] command : List.of(new String[] {"export"}, new String[] {"delete", "m1"})) {
            Result r = on("no such folder/device", command);
            assertThat(r.status()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("chatsync: no chatsync store at " + store
                    + "; run chatsync import or chatsync sync first, or pass another --store");
            assertThat(folder).as(String.join(" ", command) + " created nothing").doesNotExist();
        }
    }

    @Test
    void verifyChecksARemoteFromAMachineThatHasNoStoreAndCreatesNone() throws IOException {
        Path input = Files.writeString(tmp.resolve("one.jsonl"), "{\"id\":\"m1\",\"conversation\":\"urn:chat:a\","
                + "\"sender\":\"urn:user:a\",\"sentAt\":\"2024-05-01T10:00:00Z\",\"type\":\"text\",\"text\":\"hi\"}\n");
        assertThat(on("a", "import", input.toString()).status()).isZero();
        assertThat(on("a", "sync").status()).isZero();

        Result r = on("no such folder/device", "verify");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 files ok, 0 bad");
        assertThat(tmp.resolve("no such folder")).as("verify reads the remote only").doesNotExist();
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }
}
