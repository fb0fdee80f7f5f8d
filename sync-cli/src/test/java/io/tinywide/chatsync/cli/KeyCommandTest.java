package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 through the command line, on real SQLite stores and a real folder: unlock once, the pin,
 * {@code key passwd}, {@code key add-recovery} and a new device that has only the recovery key,
 * {@code key remove}, {@code key rotate} (also stopped half-way), {@code key trust}, {@code key keep}.
 * No terminal is attached, so any command that needed a passphrase it was not given would fail.
 */
class KeyCommandTest {
    private static final String M1 = "{\"id\":\"m1\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\","
            + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi\"}";
    private static final String M2 = "{\"id\":\"m2\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:bob\","
            + "\"sentAt\":\"2024-03-01T08:30:00Z\",\"type\":\"text\",\"text\":\"march\"}";

    @TempDir
    Path tmp;
    private Path remote;
    private Path passphrase;

    record Result(int status, String out, String err) { }

    @BeforeEach
    void setUp() throws IOException {
        remote = Files.createDirectories(tmp.resolve("remote"));
        passphrase = Files.writeString(tmp.resolve("pass.txt"), "correct horse battery staple\n");
    }

    @AfterEach
    void healTheConnection() {
        FaultyFolderProvider.VAULT_WRITES_LEFT.set(-1);
    }

    private Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env::get,
                Terminal.NONE);
        return new Result(status, out.toString(), err.toString());
    }

    /** A device with the passphrase file. */
    private Result on(String device, String... command) {
        return bare(device, Map.of(), prepend(command, "--passphrase-file", passphrase.toString()));
    }

    /** A device given no passphrase at all. */
    private Result bare(String device, Map<String, String> env, String... command) {
        List<String> args = new ArrayList<>(List.of("--store", tmp.resolve(device + ".db").toString(),
                "--remote", remote.toUri().toString()));
        args.addAll(List.of(command));
        return run(env, args.toArray(String[]::new));
    }

    private static String[] prepend(String[] command, String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private String importFile(String... lines) throws IOException {
        return Files.write(tmp.resolve("h" + lines.length + ".jsonl"), List.of(lines)).toString();
    }

    private Map<String, String> remoteBytes() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(remote)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(remote.relativize(p).toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static void ok(Result r) {
        assertThat(r.status()).as(r.out() + r.err()).isZero();
    }

    @Test
    void aSyncOfADeviceThatUnlockedTheRemoteNeedsNoPassphrase() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        Result again = bare("a", Map.of(), "sync");
        ok(again);
        assertThat(again.out()).contains("0 uploaded");
        ok(bare("a", Map.of(), "restore", "--month", "2024-01"));

        Result fresh = bare("b", Map.of(), "sync");
        assertThat(fresh.status()).as("a new device still needs it").isEqualTo(1);
        assertThat(fresh.err()).contains("no passphrase");
        assertThat(tmp.resolve("b.db")).doesNotExist();
    }

    @Test
    void aReplacedKeyringIsRefusedByADeviceThatSyncedBeforeUntilItIsTrusted() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        // Someone empties the remote and starts another history there, with the same passphrase.
        try (Stream<Path> walk = Files.walk(remote)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(remote)).toList()) {
                Files.delete(p);
            }
        }
        ok(on("other", "import", importFile(M2)));
        ok(on("other", "sync"));
        Map<String, String> before = remoteBytes();

        Result refused = on("a", "sync");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).startsWith("chatsync: the keyring on localfs:").contains("now holds key",
                "this device used key", "Nothing was written", "chatsync key trust");
        assertThat(remoteBytes()).isEqualTo(before);

        Result trusted = on("a", "key", "trust");
        ok(trusted);
        assertThat(trusted.out()).contains("this device now uses key", "(it used k");
        ok(on("a", "sync"));
        ok(on("other", "sync"));
        assertThat(on("other", "export").out()).contains("\"m1\"", "\"m2\"");
    }

    @Test
    void thePassphraseChangesAndAWrongOldOneChangesNothing() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        ok(on("b", "sync"));
        Path newPassphrase = Files.writeString(tmp.resolve("new.txt"), "a much better passphrase\n");
        Map<String, String> before = remoteBytes();

        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not the passphrase\n");
        Result refused = bare("a", Map.of(), "--passphrase-file", wrong.toString(), "key", "passwd",
                "--new-passphrase-file", newPassphrase.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("passphrase does not unlock", "nothing was changed");
        assertThat(remoteBytes()).as("compare every byte of the remote").isEqualTo(before);

        Result changed = on("a", "key", "passwd", "--new-passphrase-file", newPassphrase.toString());
        ok(changed);
        assertThat(changed.out()).contains("changed the passphrase of localfs:");
        Map<String, String> after = remoteBytes();
        after.keySet().stream().filter(p -> !p.endsWith("keyring.json"))
                .forEach(p -> assertThat(after.get(p)).as("no vault rewritten: " + p).isEqualTo(before.get(p)));

        ok(on("b", "import", importFile(M2)));
        ok(bare("b", Map.of(), "sync"));                       // b kept the key, which did not change
        assertThat(on("c", "sync").err()).contains("passphrase does not unlock");
        Result c = bare("c", Map.of("CHATSYNC_PASSPHRASE", "a much better passphrase"), "sync");
        ok(c);
        assertThat(bare("c", Map.of(), "export").out()).contains("\"m1\"", "\"m2\"");
        // chatsync.jar carries sync-argon2, so the new passphrase is protected by Argon2id.
        assertThat(on("a", "key", "list").out()).contains("passphrase", "Argon2id(46 MiB, 1 iteration, 1 lane)",
                "(format 2)");
    }

    /** A keyring an older chatsync (or a build without sync-argon2) protected with PBKDF2. */
    private void pbkdf2KeyringOnTheRemote() throws IOException {
        Path keyring = Files.createDirectories(remote.resolve("tinywide/messaging")).resolve("keyring.json");
        Files.write(keyring, io.tinywide.chatsync.core.ChatSync.passphraseKeys("correct horse battery staple"
                .toCharArray(), 100_000).newKeyring());
    }

    @Test
    void aNewKeyringIsProtectedByArgon2id() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        assertThat(Files.readString(remote.resolve("tinywide/messaging/keyring.json")))
                .contains("\"kdf\":{\"name\":\"Argon2id\",\"memoryKiB\":47104,\"iterations\":1,\"parallelism\":1,");
        assertThat(on("a", "key", "list").out()).containsPattern("passphrase +Argon2id\\(46 MiB, 1 iteration, 1 lane\\)");
        ok(on("a", "key", "add-recovery"));
        // Every value in one column, whatever the label: "passphrase" is the longest.
        List<String> rows = on("a", "key", "list").out().lines().skip(1).toList();
        assertThat(rows).hasSize(4).extracting(row -> row.indexOf(row.strip().split(" +", 2)[1]))
                .as("where each value starts in %s", rows).containsOnly(14);
        ok(on("b", "sync"));
        assertThat(bare("b", Map.of(), "export").out()).contains("\"m1\"");
    }

    @Test
    void aPbkdf2KeyringKeepsWorkingAndItsNextPassphraseIsProtectedByArgon2id() throws IOException {
        pbkdf2KeyringOnTheRemote();
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        assertThat(on("a", "key", "list").out()).contains("PBKDF2-HMAC-SHA256(100000 iterations)")
                .doesNotContain("Argon2id");
        Map<String, String> before = remoteBytes();

        Path newPassphrase = Files.writeString(tmp.resolve("new.txt"), "a much better passphrase\n");
        Result changed = on("a", "key", "passwd", "--new-passphrase-file", newPassphrase.toString());
        ok(changed);
        assertThat(changed.out()).contains("Argon2id(46 MiB, 1 iteration, 1 lane)");
        assertThat(on("a", "key", "list").out()).contains("Argon2id(46 MiB, 1 iteration, 1 lane)", "(format 2)")
                .doesNotContain("PBKDF2");
        Map<String, String> after = remoteBytes();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.keySet().stream().filter(p -> !p.endsWith("keyring.json"))
                .forEach(p -> assertThat(after.get(p)).as("no vault rewritten: " + p).isEqualTo(before.get(p)));

        ok(bare("a", Map.of(), "sync"));                       // a kept the key, which did not change
        assertThat(on("b", "sync").err()).contains("passphrase does not unlock");
        ok(bare("b", Map.of("CHATSYNC_PASSPHRASE", "a much better passphrase"), "sync"));
        assertThat(bare("b", Map.of(), "export").out()).contains("\"m1\"");
    }

    private static String recoveryKeyIn(String out) {
        Matcher m = Pattern.compile("([0-9A-Z]{4}-){7}[0-9A-Z]{4}\\s+([0-9A-Z]{4}-){7}[0-9A-Z]{4}").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group().replaceAll("\\s+", "-");
    }

    @Test
    void aRecoveryKeyOpensTheRemoteOnANewDeviceAndAMistypedOneIsSaidBeforeAnyWork() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        Result added = on("a", "key", "add-recovery");
        ok(added);
        assertThat(added.out()).contains("shown once");
        String recovery = recoveryKeyIn(added.out());

        String mistyped = recovery.charAt(0) == 'A' ? "B" + recovery.substring(1) : "A" + recovery.substring(1);
        Result typo = bare("phone", Map.of("CHATSYNC_RECOVERY_KEY", mistyped), "sync");
        assertThat(typo.status()).isEqualTo(1);
        assertThat(typo.err()).contains("CHATSYNC_RECOVERY_KEY", "mistyped", "nothing was done");
        assertThat(tmp.resolve("phone.db")).doesNotExist();

        Path file = Files.writeString(tmp.resolve("recovery.txt"), recovery.toLowerCase() + "\n");
        Result phone = bare("phone", Map.of(), "--recovery-key-file", file.toString(), "sync");
        ok(phone);
        assertThat(bare("phone", Map.of(), "export").out()).contains("\"m1\"");
        assertThat(on("a", "key", "list").out()).contains("recovery", "HKDF-SHA256");

        // The passphrase forgotten: with the recovery key, a new one.
        Path newPassphrase = Files.writeString(tmp.resolve("new.txt"), "remembered this time\n");
        ok(bare("phone", Map.of(), "--recovery-key-file", file.toString(), "key", "passwd",
                "--new-passphrase-file", newPassphrase.toString()));
        ok(bare("laptop", Map.of("CHATSYNC_PASSPHRASE", "remembered this time"), "sync"));

        assertThat(on("a", "key", "remove", "recovery").err()).as("the old passphrase no longer proves anything")
                .contains("passphrase does not unlock");
        ok(bare("a", Map.of("CHATSYNC_PASSPHRASE", "remembered this time"), "key", "remove", "recovery"));
        Map<String, String> before = remoteBytes();
        Result last = bare("a", Map.of("CHATSYNC_PASSPHRASE", "remembered this time"), "key", "remove", "passphrase");
        assertThat(last.status()).isEqualTo(1);
        assertThat(last.err()).contains("only way left");
        assertThat(remoteBytes()).isEqualTo(before);
        assertThat(bare("other", Map.of(), "--recovery-key-file", file.toString(), "sync").err())
                .as("a removed recovery key opens nothing: the passphrase is needed").contains("no passphrase");
    }

    @Test
    void aRotationStoppedHalfWayLosesNothingAndRunningItAgainFinishesIt() throws IOException {
        List<String> months = new ArrayList<>();
        for (int month = 1; month <= 6; month++) {
            months.add(M1.replace("\"m1\"", "\"x" + month + "\"").replace("2024-01", String.format("2024-%02d", month)));
        }
        String faulty = "faulty-file:" + remote;
        ok(on("a", "import", importFile(months.toArray(String[]::new))));
        ok(on("a", "sync"));
        ok(on("b", "sync"));

        FaultyFolderProvider.VAULT_WRITES_LEFT.set(2);        // the connection drops at the third month
        Result stopped = run(Map.of(), "--store", tmp.resolve("a.db").toString(), "--remote", faulty,
                "--passphrase-file", passphrase.toString(), "key", "rotate");
        assertThat(stopped.status()).isEqualTo(1);
        assertThat(stopped.err()).contains("rotation is not finished", "nothing is lost", "key rotate");
        FaultyFolderProvider.VAULT_WRITES_LEFT.set(-1);
        Result listed = on("a", "key", "list");
        assertThat(listed.out()).containsPattern("rotation +from k[0-9a-f]+ to k[0-9a-f]+ in progress: [1-9]\\d* of 12 "
                + "files still sealed with the old key");

        Result c = on("c", "sync");                             // half-way, a new device reads both keys
        ok(c);
        Result finished = on("a", "key", "rotate");
        ok(finished);
        assertThat(finished.out()).contains("rotation finished");
        assertThat(on("a", "key", "list").out()).doesNotContain("rotation");

        Result follows = bare("b", Map.of(), "sync");
        assertThat(follows.status()).as("b must unlock the new key once, and has no passphrase").isEqualTo(1);
        assertThat(follows.err()).contains("no passphrase");
        ok(on("b", "sync"));
        ok(bare("b", Map.of(), "sync"));
        ok(on("d", "sync"));                                   // the three recent months, then the older ones
        Result restored = on("d", "restore", "--month", "2024-01");
        ok(restored);
        ok(on("d", "restore", "--month", "2024-02"));
        ok(on("d", "restore", "--month", "2024-03"));
        assertThat(on("d", "export").out().lines()).hasSize(6);
    }

    @Test
    void aDeviceThatKeepsNoKeyAsksEveryTimeButKeepsItsPin() throws IOException {
        ok(on("a", "import", importFile(M1)));
        ok(on("a", "sync"));
        Result off = on("a", "key", "keep", "off");
        ok(off);
        assertThat(off.out()).contains("keeps no unlocked key");
        assertThat(bare("a", Map.of(), "sync").err()).contains("no passphrase");
        ok(on("a", "sync"));
        ok(on("a", "key", "keep", "on"));
        ok(on("a", "sync"));
        ok(bare("a", Map.of(), "sync"));
    }
}
