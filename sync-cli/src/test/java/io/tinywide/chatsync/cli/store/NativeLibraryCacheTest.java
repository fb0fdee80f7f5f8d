package io.tinywide.chatsync.cli.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibraryCacheTest {
    private static final byte[] VERSION_A = "native code of one chatsync version".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VERSION_B = "native code of another version".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /**
     * Two chatsync versions starting at once: each must load its own library, so the second one's
     * copy must never replace the file the first one checked and is about to load.
     */
    @Test
    void twoLibrariesLandInTwoFilesAndNeitherReplacesTheOther() throws Exception {
        Path folder = tmp.resolve("native");
        Path a = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A);
        Object inodeOfA = Files.readAttributes(a, BasicFileAttributes.class).fileKey();
        Path b = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_B);

        assertThat(b).isNotEqualTo(a);
        assertThat(a).hasBinaryContent(VERSION_A);
        assertThat(b).hasBinaryContent(VERSION_B);
        assertThat(Files.readAttributes(a, BasicFileAttributes.class).fileKey()).isEqualTo(inodeOfA);
        assertThat(a.getFileName().toString()).startsWith("libsqlitejdbc").endsWith(".so"); // still loads as one
        assertThat(b.getFileName().toString()).startsWith("libsqlitejdbc").endsWith(".so");
        assertThat(NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A)).isEqualTo(a);
        assertThat(a).hasBinaryContent(VERSION_A);
        assertThat(filesIn(folder)).containsExactlyInAnyOrder(a, b); // no temporary file left
    }

    @Test
    void aSecondStartReusesTheFileWithoutRewritingIt() throws Exception {
        Path folder = tmp.resolve("native");
        Path first = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A);
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        BasicFileAttributes before = Files.readAttributes(first, BasicFileAttributes.class);

        Path second = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A);

        assertThat(second).isEqualTo(first);
        BasicFileAttributes after = Files.readAttributes(second, BasicFileAttributes.class);
        assertThat(after.fileKey()).isEqualTo(before.fileKey());
        assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
        assertThat(filesIn(folder)).containsExactly(first);
    }

    /** A cached file that differs from the jar's (tampered, or cut short by a full disk) is never loaded. */
    @Test
    void aTamperedOrPartialCachedFileIsReplacedNotUsed() throws Exception {
        Path folder = tmp.resolve("native");
        Path cached = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A);
        for (byte[] damage : List.of("evil".getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOf(VERSION_A, VERSION_A.length / 2), new byte[0])) {
            Files.write(cached, damage);
            assertThat(NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A)).isEqualTo(cached);
            assertThat(cached).hasBinaryContent(VERSION_A);
        }
        assertThat(filesIn(folder)).containsExactly(cached);
    }

    @Test
    void theFolderIsPrivateAndTheFileWritableByItsOwnerOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path folder = tmp.resolve("native");
        Path cached = NativeLibraryCache.cache(folder, "libsqlitejdbc.so", VERSION_A);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached))).isEqualTo("rw-------");
    }

    private static List<Path> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
