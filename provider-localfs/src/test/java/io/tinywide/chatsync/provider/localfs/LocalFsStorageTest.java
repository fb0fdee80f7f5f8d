package io.tinywide.chatsync.provider.localfs;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFsStorageTest {
    @TempDir
    Path tmp;
    private Path mounted;

    private CloudStorage open(Path folder) {
        return new LocalFsProvider().open(new ProviderConfig(folder.toString(), "tinywide/messaging", Map.of()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void isFoundByServiceLoaderByIdAndByFileScheme() {
        ProviderRegistry registry = ProviderRegistry.load();
        assertThat(registry.require("localfs")).isInstanceOf(LocalFsProvider.class);
        assertThat(registry.forUri(URI.create("file:/mnt/nas"))).isInstanceOf(LocalFsProvider.class);
    }

    @Test
    void aRemoteUriOpensItsFolderUnderTheRoot() throws Exception {
        URI uri = URI.create(tmp.toUri().toString());
        try (CloudStorage s = new LocalFsProvider().open(ProviderConfig.fromUri(uri, "chats/root"))) {
            s.write("a.json", utf8("x"), WriteCondition.ifAbsent());
        }
        assertThat(tmp.resolve("chats/root/a.json")).hasContent("x");
        // file://localhost/abs and file:///abs are the same folder as file:/abs (RFC 8089)
        for (String form : new String[] {"file://localhost" + tmp.toUri().getRawPath(),
                "file://" + tmp.toUri().getRawPath()}) {
            try (CloudStorage s = new LocalFsProvider().open(ProviderConfig.fromUri(URI.create(form), "chats/root"))) {
                assertThat(s.read("a.json")).as(form).isPresent();
            }
        }
    }

    @Test
    void anOptionItDoesNotKnowIsAClearErrorNotIgnored() {
        URI uri = URI.create(tmp.toUri() + "?readOnly=true");
        assertThatThrownBy(() -> new LocalFsProvider().open(ProviderConfig.fromUri(uri, "r")))
                .isInstanceOf(StorageException.class).hasMessageContaining("unknown option 'readOnly'");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void readsWhatWasWrittenAndRevisionsChangeOnEveryWrite() {
        CloudStorage s = open(tmp);
        Revision r1 = s.write("2024/a.json", utf8("one"), WriteCondition.ifAbsent());
        assertThat(s.read("2024/a.json").orElseThrow().bytes()).isEqualTo(utf8("one"));
        assertThat(s.read("2024/a.json").orElseThrow().revision()).isEqualTo(r1);
        Revision r2 = s.write("2024/a.json", utf8("two"), WriteCondition.ifMatch(r1));
        Revision r3 = s.write("2024/a.json", utf8("two"), WriteCondition.unconditional());
        assertThat(List.of(r1, r2, r3)).doesNotHaveDuplicates();
        assertThat(s.list("")).extracting(RemoteEntry::path, RemoteEntry::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2024/a.json", r3));
    }

    /**
     * Revisions are (inode, mtime, size); inode numbers are reused and some volumes keep coarse
     * times, so each write keeps the path's mtime strictly rising, and no revision can repeat.
     */
    @Test
    void aPathsModificationTimeOnlyRisesSoRevisionsCannotRepeat() throws Exception {
        CloudStorage s = open(tmp);
        Path file = tmp.resolve("tinywide/messaging/r.json");
        s.write("r.json", utf8("one"), WriteCondition.ifAbsent());
        java.nio.file.attribute.FileTime ahead = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().plus(java.time.Duration.ofDays(1)));
        Files.setLastModifiedTime(file, ahead); // a clock that ran ahead, or one too coarse to move
        Revision before = s.read("r.json").orElseThrow().revision();
        Revision after = s.write("r.json", utf8("two"), WriteCondition.ifMatch(before));
        assertThat(Files.getLastModifiedTime(file)).isGreaterThan(ahead);
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void conditionsThatDoNotHoldChangeNothing() {
        CloudStorage s = open(tmp);
        Revision r1 = s.write("a.json", utf8("one"), WriteCondition.ifAbsent());
        assertThatThrownBy(() -> s.write("a.json", utf8("x"), WriteCondition.ifAbsent()))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.actual()).contains(r1));
        s.write("a.json", utf8("two"), WriteCondition.ifMatch(r1));
        assertThatThrownBy(() -> s.write("a.json", utf8("three"), WriteCondition.ifMatch(r1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> s.delete("a.json", WriteCondition.ifMatch(r1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(s.read("a.json").orElseThrow().bytes()).isEqualTo(utf8("two"));
        assertThatThrownBy(() -> s.write("b.json", utf8("x"), WriteCondition.ifMatch(r1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(s.read("b.json")).isEmpty();
    }

    @Test
    void aFailedReadThrowsAndOnlyAnAbsentFileIsEmpty() throws Exception {
        CloudStorage s = open(tmp);
        assertThat(s.read("2024/none.json")).isEmpty();
        Files.createDirectories(tmp.resolve("tinywide/messaging/2024/dir.json"));
        assertThatThrownBy(() -> s.read("2024/dir.json")).isInstanceOf(StorageException.class)
                .hasMessageContaining("2024/dir.json");
        Files.writeString(tmp.resolve("tinywide/messaging/blocker"), "a file where a folder is expected");
        assertThatThrownBy(() -> s.read("blocker/x.json")).isInstanceOf(StorageException.class);
    }

    @Test
    void listingIgnoresTemporaryLockAndOtherToolsJunk() throws Exception {
        CloudStorage s = open(tmp);
        s.write("2024/chat_vault_2024_01.json", utf8("v"), WriteCondition.ifAbsent());
        Path root = tmp.resolve("tinywide/messaging");
        for (String junk : List.of("2024/.chatsync-tmp-123", ".DS_Store", "2024/.syncthing.chat_vault_2024_01.json.tmp",
                "2024/chat_vault_2024_01.sync-conflict-20240101-120000-ABC.json",
                "2024/chat_vault_2024_01 (Bob's conflicted copy).json", ".stversions/old.json", "Thumbs.db",
                "2024/~$lock.json", "2024/chat_vault_2024_02.json.part")) {
            Files.createDirectories(root.resolve(junk).getParent());
            Files.writeString(root.resolve(junk), "junk");
        }
        assertThat(s.list("")).extracting(RemoteEntry::path).containsExactly("2024/chat_vault_2024_01.json");
        assertThat(s.list("2024/chat_vault")).hasSize(1);
        assertThat(s.list("2025/")).isEmpty();
    }

    @Test
    void pathsThatCouldLeaveTheFolderAreRefused() {
        CloudStorage s = open(tmp);
        for (String bad : List.of("../escape.json", "/etc/passwd", "a/../../b", "a//b", "./a", "a\\b", "")) {
            assertThatThrownBy(() -> s.write(bad, utf8("x"), WriteCondition.unconditional()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(tmp.resolve("tinywide/escape.json")).doesNotExist();
    }

    @Test
    void anUnmountedFolderIsAnErrorNotAnEmptyRemote() throws Exception {
        Path mountPoint = tmp.resolve("mnt/nas");
        assertThatThrownBy(() -> open(mountPoint)).isInstanceOf(StorageException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("mount");
        assertThat(mountPoint).doesNotExist();

        Files.createDirectories(mountPoint);
        CloudStorage s = open(mountPoint);
        s.write("2024/a.json", utf8("x"), WriteCondition.ifAbsent());
        try (var walk = Files.walk(mountPoint)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThatThrownBy(() -> s.read("2024/a.json")).as("a vanished root is never an absent file")
                .isInstanceOf(io.tinywide.chatsync.core.port.out.TransientStorageException.class)
                .hasMessageContaining("gone");
        assertThatThrownBy(() -> s.list("")).isInstanceOf(StorageException.class);
    }

    @Test
    void unicodeAndSpacesInTheFolderEmptyAndLargeFiles() throws Exception {
        CloudStorage s = open(Files.createDirectories(tmp.resolve("Mes données · チャット")));
        s.write("empty.json", new byte[0], WriteCondition.ifAbsent());
        assertThat(s.read("empty.json").orElseThrow().bytes()).isEmpty();
        byte[] large = new byte[20 << 20];
        new java.util.Random(1).nextBytes(large);
        s.write("2024/large.bin", large, WriteCondition.ifAbsent());
        assertThat(s.read("2024/large.bin").orElseThrow().bytes()).isEqualTo(large);
        assertThat(s.describe()).contains("Mes données · チャット");
    }

    @Test
    void deleteHonoursItsConditionAndOfAnAbsentFileSucceeds() {
        CloudStorage s = open(tmp);
        Revision r = s.write("a.json", utf8("one"), WriteCondition.ifAbsent());
        s.delete("a.json", WriteCondition.ifMatch(r));
        assertThat(s.read("a.json")).isEmpty();
        s.delete("a.json", WriteCondition.unconditional());
        assertThat(s.list("")).isEmpty();
    }

    @Test
    void aRelativeFolderIsAClearError() {
        assertThatThrownBy(() -> new LocalFsProvider().open(ProviderConfig.of("relative/dir")))
                .isInstanceOf(StorageException.class).hasMessageContaining("absolute");
    }

    @Test
    void removingAnEmptyRootRemovesItsFoldersAndLockFilesButNeverAFile() throws Exception {
        Path root = tmp.resolve("tinywide/messaging");
        try (CloudStorage s = open(tmp)) {
            s.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
            assertThat(s.removeRootIfEmpty()).as("a file is there").isFalse();
            assertThat(root.resolve("2024/chat_vault_2024_01.json")).hasContent("x");
            s.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional());
            Files.writeString(root.resolve("2024/.DS_Store"), "someone else's");
            assertThat(s.removeRootIfEmpty()).as("a hidden file of someone else's is a file too").isFalse();
            assertThat(root.resolve("2024/.DS_Store")).exists();
            Files.delete(root.resolve("2024/.DS_Store"));
            assertThat(root.resolve(LocalFsStorage.LOCK_FILE)).exists();
            assertThat(s.removeRootIfEmpty()).isTrue();
        }
        assertThat(root).doesNotExist();
        assertThat(tmp.resolve("tinywide")).as("only the root itself, not its parent").isDirectory();
    }

    // ---- issue 13, item 3: nothing under the folder may lead outside it ----

    @Test
    void aYearFolderThatIsALinkReceivesNothing() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path folder = Files.createDirectories(tmp.resolve("nas"));
        CloudStorage s = open(folder);
        Files.createSymbolicLink(folder.resolve("tinywide/messaging/2024"), outside);
        assertThatThrownBy(() -> s.write("2024/chat_vault_2024_01.json", utf8("v"), WriteCondition.ifAbsent()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("2024 is a symbolic link").hasMessageContaining(outside.toString());
        assertThatThrownBy(() -> s.read("2024/chat_vault_2024_01.json")).hasMessageContaining("2024 is a symbolic link");
        assertThatThrownBy(() -> s.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional()))
                .hasMessageContaining("2024 is a symbolic link");
        try (var files = Files.list(outside)) {
            assertThat(files).as("nothing was written outside the folder").isEmpty();
        }
    }

    @Test
    void aDanglingLockLinkCreatesNoFileAtItsTarget() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("nas"));
        CloudStorage s = open(folder);
        Path target = tmp.resolve("planted-target");
        Files.createSymbolicLink(folder.resolve("tinywide/messaging/" + LocalFsStorage.LOCK_FILE), target);
        assertThatThrownBy(() -> s.write("keyring.json", utf8("k"), WriteCondition.ifAbsent()))
                .isInstanceOf(StorageException.class).hasMessageContaining(".chatsync.lock is a symbolic link");
        assertThat(target).doesNotExist();
        assertThat(folder.resolve("tinywide/messaging/keyring.json")).doesNotExist();
    }

    @Test
    void aVaultThatIsALinkToAUsersFileIsNeitherReadNorEchoed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("nas"));
        CloudStorage s = open(folder);
        Path diary = Files.writeString(tmp.resolve("diary.txt"), "Dearest diary, today I");
        Files.createDirectories(folder.resolve("tinywide/messaging/2024"));
        Files.createSymbolicLink(folder.resolve("tinywide/messaging/2024/chat_vault_2024_01.json"), diary);
        assertThat(s.list("")).extracting(RemoteEntry::path).as("listed, so that its month reports it")
                .contains("2024/chat_vault_2024_01.json");
        assertThatThrownBy(() -> s.read("2024/chat_vault_2024_01.json"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("chat_vault_2024_01.json is a symbolic link")
                .hasMessageNotContaining("Dearest");
        assertThatThrownBy(() -> s.write("2024/chat_vault_2024_01.json", utf8("v"), WriteCondition.unconditional()))
                .hasMessageContaining("is a symbolic link");
        assertThat(Files.readString(diary)).isEqualTo("Dearest diary, today I");
    }

    @Test
    void theFolderItselfMayBeReachedThroughALink() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-nas"));
        Path link = Files.createSymbolicLink(tmp.resolve("nas-link"), real);
        CloudStorage s = open(link);
        s.write("2024/chat_vault_2024_01.json", utf8("v"), WriteCondition.ifAbsent());
        assertThat(s.read("2024/chat_vault_2024_01.json").orElseThrow().bytes()).isEqualTo(utf8("v"));
        assertThat(real.resolve("tinywide/messaging/2024/chat_vault_2024_01.json")).exists();
    }

    /** Issue 13, item 7: a full disk said "check that the folder is mounted". */
    @Test
    void aFullDiskIsSaidAsSuchHoweverTheJdkReportsIt() {
        assertThat(LocalFsStorage.isDiskFull(new java.io.IOException("No space left on device"))).isTrue();
        assertThat(LocalFsStorage.isDiskFull(new java.nio.file.FileSystemException("/nas/x", null,
                "No space left on device"))).isTrue();
        assertThat(LocalFsStorage.isDiskFull(new java.io.IOException("Disk quota exceeded"))).isTrue();
        assertThat(LocalFsStorage.isDiskFull(new java.io.IOException("Input/output error"))).isFalse();
    }

    /**
     * A write that fails leaves no temporary file: the bytes are written and synced before the lock is
     * taken, and a full disk left each attempt's partial file behind, so the disk stayed full however
     * often the user followed "free some space and sync again".
     */
    @Test
    void aWriteToAFullDiskLeavesNoTemporaryFileAndTheEarlierContentIntact() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()) == 0,
                "needs to mount a tmpfs (root on Linux), to make a disk that fills up");
        mounted = disk;
        CloudStorage s = open(disk);
        Revision r1 = s.write("2024/chat_vault_2024_01.json", utf8("earlier"), WriteCondition.ifAbsent());
        byte[] tooLarge = new byte[2 * 1024 * 1024];
        for (int attempt = 0; attempt < 3; attempt++) { // each retry of a sync must find the space it had
            assertThatThrownBy(() -> s.write("2024/chat_vault_2024_01.json", tooLarge, WriteCondition.ifMatch(r1)))
                    .isInstanceOf(QuotaExceededException.class).hasMessageContaining("disk is full");
            assertThat(temporaryFiles(disk)).as("attempt %d", attempt).isEmpty();
        }
        assertThat(s.read("2024/chat_vault_2024_01.json").orElseThrow().bytes()).isEqualTo(utf8("earlier"));
        assertThat(s.read("2024/chat_vault_2024_01.json").orElseThrow().revision()).isEqualTo(r1);
        // The space is free again: a write that fits succeeds, and leaves nothing beside its file either.
        s.write("2024/chat_vault_2024_01.json", new byte[512 * 1024], WriteCondition.ifMatch(r1));
        assertThat(temporaryFiles(disk)).isEmpty();
    }

    @Test
    void aWriteWhoseConditionFailsLeavesNoTemporaryFile() throws Exception {
        CloudStorage s = open(tmp);
        Revision r1 = s.write("2024/a.json", utf8("one"), WriteCondition.ifAbsent());
        assertThatThrownBy(() -> s.write("2024/a.json", utf8("x"), WriteCondition.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> s.write("2024/a.json", utf8("x"), WriteCondition.ifMatch(new Revision("stale"))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(temporaryFiles(tmp)).isEmpty();
        assertThat(s.read("2024/a.json").orElseThrow().revision()).isEqualTo(r1);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    private static List<Path> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> p.getFileName().toString().startsWith(LocalFsStorage.TEMP_PREFIX)).toList();
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aReadWithoutAPracticalLimitReturnsTheWholeFileAndANegativeLimitIsRefused() {
        CloudStorage s = open(tmp);
        s.write("a.json", utf8("whole"), WriteCondition.ifAbsent());
        // Long.MAX_VALUE + 1 overflowed into a read of zero bytes: an empty file where there was content.
        assertThat(s.read("a.json", Long.MAX_VALUE).orElseThrow().bytes()).isEqualTo(utf8("whole"));
        assertThat(s.read("a.json", 5).orElseThrow().bytes()).isEqualTo(utf8("whole"));
        assertThatThrownBy(() -> s.read("a.json", 4)).isInstanceOf(
                io.tinywide.chatsync.core.port.out.ObjectTooLargeException.class);
        assertThatThrownBy(() -> s.read("a.json", -1)).isInstanceOf(IllegalArgumentException.class);
    }
    /**
     * Another writer's temporary file lives outside the lock, and goes when its write fails or is
     * renamed: a listing or a removal of the empty root that meets one as it goes sees it gone, and
     * does not fail for it (the scratch folder of an interrupted check-remote, a listing beside a writer).
     */
    @Test
    void filesThatVanishWhileTheFolderIsWalkedAreGoneNotAFailure() throws Exception {
        try (CloudStorage s = open(tmp)) {
            s.write("2024/chat_vault_2024_01.json", "v".getBytes(StandardCharsets.UTF_8), WriteCondition.ifAbsent());
            Path year = tmp.resolve("tinywide/messaging/2024");
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread churn = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        Path temp = Files.createFile(year.resolve(LocalFsStorage.TEMP_PREFIX + (i % 64)));
                        Files.delete(temp);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            churn.start();
            try {
                for (int i = 0; i < 3_000; i++) {
                    assertThat(s.list("")).extracting(RemoteEntry::path).containsExactly("2024/chat_vault_2024_01.json");
                    assertThat(s.removeRootIfEmpty()).isFalse();
                }
            } finally {
                stop.set(true);
                churn.join();
            }
        }
    }
}
