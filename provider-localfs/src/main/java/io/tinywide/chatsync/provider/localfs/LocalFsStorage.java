package io.tinywide.chatsync.provider.localfs;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link io.tinywide.chatsync.core.port.out.CloudStorage} over one folder.
 *
 * <p><b>Revisions.</b> A revision is the file's identity and modification time ({@code inode,
 * mtime in nanoseconds, size}): every write creates a new file by atomic rename, so it changes on
 * every write, and a listing costs no reads. Where the file system has no file identity (some
 * Windows and FAT volumes) the revision is the SHA-256 of the content instead; equal bytes then give
 * equal revisions, which is harmless for compare-and-set because the state is the same.
 *
 * <p><b>Locking.</b> Every write and delete holds an in-process lock and an exclusive
 * {@link FileLock} on {@value #LOCK_FILE}, so the check of the condition and the rename are atomic
 * against other threads and other processes.
 */
final class LocalFsStorage implements CloudStorage {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFsStorage.class);
    static final String LOCK_FILE = ".chatsync.lock";
    static final String TEMP_PREFIX = ".chatsync-tmp-";
    /** FileLock is per process; threads of one process are serialised by these, one per folder. */
    private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final String name;
    private final ReentrantLock processLock;

    LocalFsStorage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.name = "localfs:" + this.dir;
        this.processLock = PROCESS_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        List<RemoteEntry> entries = new ArrayList<>();
        try {
            for (Path p : walk()) {
                String relative = relative(p);
                if (relative.isEmpty() || !relative.startsWith(prefix) || isJunk(relative)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // deleted while listing: absent is the truth now
                }
                // A link is listed as what it is, never followed: reading or writing it is then
                // refused with an error that names it, instead of the month looking absent.
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    entries.add(new RemoteEntry(relative, attrs.size(), revisionOf(p, attrs, null)));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw translate("list " + (prefix.isEmpty() ? "the folder" : prefix), e);
        }
        return entries;
    }

    /**
     * Every path under the folder, the folder first, depth first, links not followed. An entry that
     * goes while it is walked (another writer's temporary file, renamed or removed; a folder another
     * device emptied) is left out, since it is gone; the folder itself missing is an error, as a
     * disk that is not mounted must not look empty.
     */
    private List<Path> walk() throws IOException {
        List<Path> all = new ArrayList<>();
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                all.add(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                all.add(f);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !f.equals(dir)) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException && !d.equals(dir))) {
                    throw e;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return all;
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        CloudStorage.readCap(maxBytes); // a negative limit is refused before any I/O
        Path file = resolve(path);
        try {
            // Compare the file's identity before and after reading, so the revision returned is
            // the revision of exactly these bytes even if another device replaces the file meanwhile.
            for (int attempt = 0; ; attempt++) {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (before.isSymbolicLink()) {
                    throw linkRefused(path, file);
                }
                if (!before.isRegularFile()) {
                    throw new StorageException(name + ": " + path + " is not a regular file; move it out of the way");
                }
                if (before.size() > maxBytes) {
                    throw new ObjectTooLargeException(name, path, maxBytes, before.size());
                }
                byte[] bytes = readAtMost(file, path, maxBytes);
                BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Revision r1 = revisionOf(file, before, bytes);
                if (r1.equals(revisionOf(file, after, bytes)) || attempt >= 5) {
                    return Optional.of(new RemoteObject(path, bytes, r1));
                }
            }
        } catch (NoSuchFileException absent) {
            requireRoot("read " + path);
            return Optional.empty();
        } catch (IOException e) {
            throw translate("read " + path, e);
        }
    }

    /** Reads the file, refusing it unread beyond {@code maxBytes}, should it grow after its size was read. */
    private byte[] readAtMost(Path file, String path, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(CloudStorage.readCap(maxBytes));
            if (bytes.length > maxBytes) {
                throw new ObjectTooLargeException(name, path, maxBytes, -1);
            }
            return bytes;
        }
    }

    /** A missing file is absent only while the root is there; a vanished root is a failure. */
    private void requireRoot(String what) {
        if (!Files.isDirectory(dir)) {
            throw new TransientStorageException(name + ": cannot " + what + ": the folder itself is gone (an "
                    + "unmounted disk?); mount it and sync again", null);
        }
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        Path file = resolve(path);
        Path parent = file.getParent();
        // The bytes go to a temporary file and to the disk before the lock is taken: only the check
        // of the condition and the rename need it, so other writers' fsyncs do not queue behind it.
        // Whatever fails after the temporary file exists (a full disk while writing or syncing it, the
        // condition, the rename) removes it: a partial file left at each retry would keep a disk full.
        Path temp = null;
        try {
            try {
                Files.createDirectories(parent);
                requireNoLinks(path, file); // again: a folder created by another device meanwhile is checked too
                temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID());
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
            } catch (IOException e) {
                throw translate("write " + path, e);
            }
            Path written = temp;
            Revision revision = locked("write " + path, () -> {
                check(path, file, condition);
                requireNoLinks(path, file);
                java.nio.file.attribute.FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file)
                        : null;
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // A reused inode with a coarse clock (FAT, HFS+, ext3) could repeat a revision; keep each
                // path's modification time strictly rising, so its revisions never repeat.
                if (previous != null && Files.getLastModifiedTime(file).compareTo(previous) <= 0) {
                    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                            previous.toInstant().plusMillis(1000)));
                }
                return revisionOf(file, Files.readAttributes(file, BasicFileAttributes.class), bytes);
            });
            temp = null; // renamed: it is the file now
            syncDirectory(parent); // the rename is durable before the caller counts on it
            return revision;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.trace("cannot remove the temporary file {}: {}", temp, e.toString());
                }
            }
        }
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        Path file = resolve(path);
        locked("delete " + path, () -> {
            check(path, file, condition);
            Files.deleteIfExists(file);
            return null;
        });
        syncDirectory(file.getParent());
    }

    /**
     * Removes the folder if it holds no file but this storage's own lock and temporary files (any other
     * file, hidden ones included, is someone's and keeps it): checked and emptied under the lock, then
     * the lock file and the folder go.
     */
    @Override
    public boolean removeRootIfEmpty() {
        if (!Files.exists(dir)) {
            return true;
        }
        boolean emptied = locked("remove the empty folder", () -> {
            List<Path> all = walk().stream().sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : all) {
                if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !isOwn(p)) {
                    return false;
                }
            }
            for (Path p : all) {
                if (!p.equals(dir) && !p.equals(dir.resolve(LOCK_FILE))) {
                    Files.deleteIfExists(p);
                }
            }
            return true;
        });
        if (!emptied) {
            return false;
        }
        try {
            Files.deleteIfExists(dir.resolve(LOCK_FILE));
            Files.deleteIfExists(dir);
            return true;
        } catch (java.nio.file.DirectoryNotEmptyException written) {
            return false; // another device wrote meanwhile: the folder is not empty after all
        } catch (IOException e) {
            throw translate("remove the empty folder", e);
        }
    }

    /** This storage's own lock and temporary files, in the root or in a folder under it. */
    private static boolean isOwn(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && (name.equals(LOCK_FILE) || name.startsWith(TEMP_PREFIX));
    }

    @Override
    public Set<Capability> capabilities() {
        return new LocalFsProvider().capabilities();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        // Nothing is held between calls.
    }

    private void check(String path, Path file, WriteCondition condition) throws IOException {
        if (condition == WriteCondition.unconditional()) {
            return;
        }
        Revision current;
        try {
            current = revisionOf(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
                    null);
        } catch (NoSuchFileException absent) {
            current = null;
        }
        boolean holds = condition instanceof WriteCondition.IfMatch m
                ? m.revision().equals(current) : current == null;
        if (!holds) {
            throw new PreconditionFailedException(name, path, condition, current);
        }
    }

    @FunctionalInterface
    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T locked(String what, Io<T> action) {
        processLock.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock ignored = lockChannel.lock()) {
            return action.run();
        } catch (IOException e) {
            if (Files.isSymbolicLink(dir.resolve(LOCK_FILE))) {
                throw linkRefused(LOCK_FILE, dir.resolve(LOCK_FILE));
            }
            throw translate(what, e);
        } finally {
            processLock.unlock();
        }
    }

    /** Revision from file identity and time; from content where the file system has no identity. */
    private static Revision revisionOf(Path file, BasicFileAttributes attrs, byte[] knownBytes) throws IOException {
        Object key = attrs.fileKey();
        if (key != null) {
            return new Revision(key + "@" + attrs.lastModifiedTime().toInstant() + "#" + attrs.size());
        }
        byte[] bytes = knownBytes != null ? knownBytes : Files.readAllBytes(file);
        try {
            return new Revision("sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, and that is fine. */
    private static void syncDirectory(Path directory) {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("cannot fsync directory {}: {}", directory, e.toString());
        }
    }

    /**
     * The file for a relative path; a path that could leave the folder is refused before any I/O.
     */
    private Path resolve(String path) {
        RemotePaths.requireValid(name, path);
        Path file = dir.resolve(path).normalize();
        if (!file.startsWith(dir)) {
            throw new IllegalArgumentException(name + ": '" + path + "' escapes the folder");
        }
        requireNoLinks(path, file);
        return file;
    }

    /**
     * Refuses a path that passes through a symbolic link under the folder: a link could lead a read,
     * a write or the lock outside the folder (to a user's file, or another disk). The folder itself
     * may be reached through links (a mount point, a link the user made). The final open of each file does
     * not follow links either, which narrows what a link made between this check and the open can do.
     */
    private void requireNoLinks(String path, Path file) {
        for (Path p = file; p != null && !p.equals(dir); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw linkRefused(relative(p), p);
            }
        }
    }

    private StorageException linkRefused(String relative, Path link) {
        String target;
        try {
            target = " (to " + Files.readSymbolicLink(link) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            target = "";
        }
        return new StorageException(name + ": " + relative + " is a symbolic link" + target + "; chatsync follows no "
                + "links inside its folder, so that nothing outside it is read or overwritten. Remove the link, or "
                + "move what it points to into the folder");
    }

    private String relative(Path p) {
        return dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * Our own lock and temporary files, and what other sync tools leave in a folder they mirror:
     * hidden files and folders ({@code .DS_Store}, {@code .stfolder}, Syncthing's
     * {@code .syncthing.*.tmp}, Nextcloud's {@code .~lock}), conflict copies (Syncthing's
     * {@code .sync-conflict-}, Dropbox's and Nextcloud's {@code conflicted copy}), partial
     * downloads ({@code .part}, {@code .tmp}, {@code .crdownload}), Office's {@code ~$} and the
     * desktop's {@code Thumbs.db}, {@code desktop.ini}.
     */
    static boolean isJunk(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("~")) {
                return true;
            }
        }
        String fileName = relativePath.substring(relativePath.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        return fileName.contains(".sync-conflict-") || fileName.contains("conflicted copy")
                || fileName.contains("(conflict") || fileName.endsWith(".part") || fileName.endsWith(".tmp")
                || fileName.endsWith(".crdownload") || fileName.equals("thumbs.db") || fileName.equals("desktop.ini");
    }

    /**
     * ENOSPC and EDQUOT. A write to a full disk fails with a plain {@link IOException} from the
     * channel, not only with a {@link FileSystemException}, so the message is what tells.
     */
    static boolean isDiskFull(Exception e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : String.valueOf(e.getMessage());
        reason = reason.toLowerCase(java.util.Locale.ROOT);
        return reason.contains("no space left") || reason.contains("disk quota exceeded")
                || reason.contains("not enough space on the disk");
    }

    private StorageException translate(String what, Exception e) {
        String where = name + ": cannot " + what;
        if (e instanceof AccessDeniedException) {
            return new AuthenticationException(where + ": permission denied; check the folder's owner and "
                    + "permissions", e);
        }
        if (isDiskFull(e)) {
            return new QuotaExceededException(where + ": the disk is full (or the user's quota on it is used up); "
                    + "free some space and sync again. Nothing was lost: what did not fit was not written", e);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().toLowerCase(java.util.Locale.ROOT).contains("is a directory")) {
            return new StorageException(where + ": a folder is in the way; move it", e);
        }
        return new TransientStorageException(where + ": " + e + "; check that the folder is mounted and "
                + "sync again", e);
    }
}
