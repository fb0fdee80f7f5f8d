package io.tinywide.chatsync.cli.store;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps SQLite's native library (inside {@code chatsync.jar}) in a cache folder, so that each command
 * loads it from there instead of copying it to the temporary folder first, as the driver does by
 * default: a megabyte inflated, written and read back, some 150 ms of every command's start.
 *
 * <p>The cached copy is compared byte for byte with the jar's before each use (a few milliseconds)
 * and rewritten if it differs, so an upgrade of chatsync, or a damaged file, never loads a stale
 * library. Anything that goes wrong here (no home folder, a read-only disk, an unknown platform)
 * leaves the driver to its own way: this only saves time.
 */
public final class NativeLibraryCache {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private NativeLibraryCache() {
    }

    /**
     * Points the SQLite driver at a cached copy of its native library under {@code folder} (created
     * if absent, readable by the user only), before the driver first loads. Does nothing if the
     * driver was told where its library is already.
     *
     * @return where the library is loaded from, or null if the driver is left to its default
     */
    public static Path use(Path folder) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return null;
        }
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
            byte[] library;
            try (InputStream in = NativeLibraryCache.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return null; // a platform this build has no library for: the driver says so itself
                }
                library = in.readAllBytes();
            }
            Path dir = Files.createDirectories(folder);
            restrict(dir, "rwx------");
            Path cached = dir.resolve(name);
            if (!Files.isRegularFile(cached) || !Arrays.equals(Files.readAllBytes(cached), library)) {
                Path temp = dir.resolve(name + "." + UUID.randomUUID() + ".tmp");
                Files.write(temp, library);
                restrict(temp, "rw-------");
                try {
                    Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
            return cached;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (Objects.requireNonNull(path.getFileSystem()).supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
