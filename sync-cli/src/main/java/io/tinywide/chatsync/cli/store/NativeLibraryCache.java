package io.tinywide.chatsync.cli.store;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps SQLite's native library (inside {@code chatsync.jar}) in a cache folder, so that each command
 * loads it from there instead of copying it to the temporary folder first, as the driver does by
 * default: a megabyte inflated, written and read back, some 150 ms of every command's start.
 *
 * <p>The cached file is named after its content ({@code libsqlitejdbc-<SHA-256>.so}), so each version
 * of chatsync, or of the driver, has a file of its own and a command never replaces the library another
 * one, started at the same moment, has checked and is about to load. The file is still compared byte
 * for byte with the jar's before each use (a few milliseconds) and rewritten if it differs, so a
 * damaged or tampered file is never loaded. Files of other versions stay in the folder (a megabyte
 * each) until it is deleted, which is always safe. Anything that goes wrong here (no home folder, a
 * read-only disk, an unknown platform) leaves the driver to its own way: this only saves time.
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
            Path cached = cache(folder, name, library);
            System.setProperty(PATH_PROPERTY, cached.getParent().toString());
            System.setProperty(NAME_PROPERTY, cached.getFileName().toString());
            return cached;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The file under {@code folder} that holds {@code library}, named after its content, written there
     * first if it is absent or its bytes differ.
     */
    static Path cache(Path folder, String name, byte[] library) throws IOException {
        Path dir = Files.createDirectories(folder);
        restrict(dir, "rwx------");
        Path cached = dir.resolve(contentName(name, library));
        if (Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS) && Files.size(cached) == library.length
                && Arrays.equals(Files.readAllBytes(cached), library)) {
            return cached;
        }
        // Another process may write the same bytes under the same name at the same time: either rename
        // leaves a whole, equal file, so the race is harmless.
        Path temp = dir.resolve(cached.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, library, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            restrict(temp, "rw-------");
            try {
                Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return cached;
    }

    /** {@code libsqlitejdbc.so} becomes {@code libsqlitejdbc-<SHA-256 of the bytes>.so}: the extension stays. */
    static String contentName(String name, byte[] library) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(library));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "-" + hash : name.substring(0, dot) + "-" + hash + name.substring(dot);
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (Objects.requireNonNull(path.getFileSystem()).supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
