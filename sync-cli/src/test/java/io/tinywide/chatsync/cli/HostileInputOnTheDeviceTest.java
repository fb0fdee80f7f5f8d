package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, items 4, 5 and 7: what the device's own files and its terminal are exposed to. The store
 * is private to its owner; nothing read from a remote reaches the terminal as a control sequence; a
 * store on a read-only disk can still be exported, and export writes nothing.
 */
class HostileInputOnTheDeviceTest {
    private static final String M1 = "{\"id\":\"m1\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\","
            + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi \\u009b31m\"}";

    @TempDir
    Path tmp;
    private Path remote;
    private Path passphrase;
    private Path mounted;

    @BeforeEach
    void setUp() throws IOException {
        remote = Files.createDirectories(tmp.resolve("remote"));
        passphrase = Files.writeString(tmp.resolve("passphrase.txt"), "correct horse battery staple\n");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    private CliTest.Result chatsync(Path store, String... command) {
        List<String> args = new ArrayList<>(List.of("--store", store.toString(), "--remote", remote.toUri().toString(),
                "--passphrase-file", passphrase.toString()));
        args.addAll(List.of(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    private Path importOne(Path store) throws IOException {
        Path lines = Files.writeString(tmp.resolve("m.jsonl"), M1 + "\n");
        CliTest.Result r = chatsync(store, "import", lines.toString());
        assertThat(r.status()).as(r.err()).isZero();
        return store;
    }

    @Test
    void aNewStoreItsJournalAndTheFoldersMadeForItAreTheOwnersOnly() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = tmp.resolve("new/folders/phone.db");
        importOne(store);
        assertThat(chatsync(store, "sync").status()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        for (String journal : List.of("-wal", "-shm")) {
            Path file = store.resolveSibling(store.getFileName() + journal);
            if (Files.exists(file)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(journal)
                        .isEqualTo("rw-------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new/folders"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)))
                .as("a folder that existed keeps its mode").isEqualTo("rwxr-xr-x");
    }

    @Test
    void anExistingStoreReadableByOthersIsNamedWithTheFixAndLeftAsItIs() throws Exception {
        Path store = importOne(tmp.resolve("laptop.db"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        CliTest.Result r = chatsync(store, "export");
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("warning", store.toString(), "can be read by other users", "chmod 600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
        assertThat(chatsync(store, "export").err()).doesNotContain("warning");
    }

    @Test
    void remoteFileNamesAndMessagesNeverReachTheTerminalAsControlSequences() throws Exception {
        Path store = importOne(tmp.resolve("laptop.db"));
        assertThat(chatsync(store, "sync").status()).isZero();
        // A look-alike name that verify reports, carrying an escape that would retitle the terminal,
        // and one that would reorder the line on screen.
        Files.writeString(remote.resolve("tinywide/messaging/2024/chat_vault_2024_01.json\u001b]0;owned\u0007"), "x");
        Files.writeString(remote.resolve("tinywide/messaging/2024/chat_manifest_2024_02\u202e.json"), "x");
        CliTest.Result verify = chatsync(store, "verify");
        String shown = verify.out() + verify.err();
        assertThat(shown).contains("\\u001b]0;owned\\u0007", "\\u202e");
        assertThat(shown.chars().filter(c -> TerminalSafeWriter.isUnsafe((char) c))).isEmpty();

        CliTest.Result export = chatsync(store, "export");
        assertThat(export.out().chars().filter(c -> TerminalSafeWriter.isUnsafe((char) c))).isEmpty();
        assertThat(export.out()).as("the same JSON string, escaped").contains("hi \\u009b31m");
    }

    @Test
    void exportWritesNothingToTheStore() throws Exception {
        Path store = importOne(tmp.resolve("laptop.db"));
        Map<String, String> before = fingerprint(tmp);
        CliTest.Result r = chatsync(store, "export");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"id\":\"m1\"");
        Map<String, String> after = fingerprint(tmp);
        // A reader of a WAL database on a writable disk keeps SQLite's shared-memory index beside it,
        // and an empty log; neither holds data, and the store itself is byte for byte as it was.
        after.remove("laptop.db-shm");
        assertThat(after.remove("laptop.db-wal")).as("an empty log, if any")
                .satisfiesAnyOf(wal -> assertThat(wal).isNull(), wal -> assertThat(wal).startsWith(EMPTY_SHA256));
        assertThat(after).isEqualTo(before);
    }

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void aStoreOnAReadOnlyMountCanStillBeExported() throws Exception {
        Path store = importOne(tmp.resolve("laptop.db"));
        Path disk = Files.createDirectories(tmp.resolve("backup-disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString()) == 0,
                "needs to mount a tmpfs (root on Linux), to make a read-only disk");
        mounted = disk;
        Files.copy(store, disk.resolve("laptop.db"));
        assertThat(run("mount", "-o", "remount,ro", disk.toString())).isZero();
        assertThat(Files.getFileStore(disk.resolve("laptop.db")).isReadOnly()).isTrue();

        CliTest.Result r = chatsync(disk.resolve("laptop.db"), "export");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"id\":\"m1\"");
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static Map<String, String> fingerprint(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(dir.relativize(p).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                            + "@" + Files.getLastModifiedTime(p));
                }
            }
        }
        return files;
    }
}
