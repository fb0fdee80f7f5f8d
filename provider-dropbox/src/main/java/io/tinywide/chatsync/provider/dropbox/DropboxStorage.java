package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.DbxDownloader;
import com.dropbox.core.DbxException;
import com.dropbox.core.NetworkIOException;
import com.dropbox.core.v2.DbxClientV2;
import com.dropbox.core.v2.files.CommitInfo;
import com.dropbox.core.v2.files.DeleteError;
import com.dropbox.core.v2.files.DeleteErrorException;
import com.dropbox.core.v2.files.DeletedMetadata;
import com.dropbox.core.v2.files.DownloadErrorException;
import com.dropbox.core.v2.files.FileMetadata;
import com.dropbox.core.v2.files.FolderMetadata;
import com.dropbox.core.v2.files.GetMetadataErrorException;
import com.dropbox.core.v2.files.ListFolderContinueErrorException;
import com.dropbox.core.v2.files.ListFolderErrorException;
import com.dropbox.core.v2.files.ListFolderResult;
import com.dropbox.core.v2.files.LookupError;
import com.dropbox.core.v2.files.Metadata;
import com.dropbox.core.v2.files.UploadErrorException;
import com.dropbox.core.v2.files.UploadSessionCursor;
import com.dropbox.core.v2.files.UploadSessionFinishErrorException;
import com.dropbox.core.v2.files.WriteConflictError;
import com.dropbox.core.v2.files.WriteError;
import com.dropbox.core.v2.files.WriteMode;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@link CloudStorage} over one folder of a Dropbox app folder, on the official SDK. Revisions are
 * Dropbox's {@code rev}s. {@code ifAbsent} is an upload in mode {@code add} without autorename;
 * {@code ifMatch(rev)} is mode {@code update(rev)} with {@code strict_conflict}: both atomic on Dropbox.
 * Dropbox paths are case-insensitive: paths that differ only in case name one file.
 */
final class DropboxStorage implements CloudStorage {
    private static final Logger LOG = LoggerFactory.getLogger(DropboxStorage.class);
    /** What a Dropbox rev looks like; anything else names no revision at all. */
    private static final Pattern REV = Pattern.compile("[0-9a-f]{9,}");
    /** A {@code Retry-After} longer than this is not waited out: the caller hears it and decides. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final DbxClientV2 client;
    private final DropboxSettings settings;
    private final Duration firstBackoff;
    private final String name;
    private final int rootSegments;
    private final AtomicBoolean closed = new AtomicBoolean();

    DropboxStorage(DbxClientV2 client, DropboxSettings settings, Duration firstBackoff) {
        this.client = client;
        this.settings = settings;
        this.firstBackoff = firstBackoff;
        this.name = "dropbox:" + settings.folder() + settings.endpoint().map(e -> " at " + e).orElse("");
        this.rootSegments = settings.folder().split("/").length - 1;
    }

    // ---- list ----

    @Override
    public List<RemoteEntry> list(String prefix) {
        if (!prefix.isEmpty()) {
            // A prefix may end in part of a name ("2024/chat_"); what precedes it must be a valid path.
            RemotePaths.requireValid(name, prefix.endsWith("/") ? prefix + "x" : prefix);
        }
        int slash = prefix.lastIndexOf('/');
        String folder = settings.folder() + (slash < 0 ? "" : "/" + prefix.substring(0, slash));
        String what = "list " + (prefix.isEmpty() ? "the folder" : prefix);
        Map<String, Metadata> below = call(what, prefix, attempt -> listAll(folder, true, 0)).entries();
        String lowerPrefix = lower(prefix);
        List<RemoteEntry> entries = new ArrayList<>();
        for (Metadata m : below.values()) {
            if (m instanceof FileMetadata f) {
                String path = relative(f);
                if (lower(path).startsWith(lowerPrefix)) {
                    entries.add(new RemoteEntry(path, f.getSize(), new Revision(f.getRev())));
                }
            }
        }
        return entries;
    }

    /**
     * What a listing found in a folder: its files and folders by lower-cased path (without the folder
     * itself), or, in {@code instead}, Dropbox's lookup error when no folder is there.
     */
    private record Listing(Map<String, Metadata> entries, LookupError instead) {
        boolean isFolder() {
            return instead == null;
        }

        /** A file in it (or below it), or a file where the folder would be. */
        boolean holdsAFile() {
            return isFolder() ? entries.values().stream().anyMatch(FileMetadata.class::isInstance)
                    : instead.isNotFolder();
        }
    }

    /**
     * Every file and folder in a folder (or below it, if recursive): {@code list_folder} then
     * {@code list_folder/continue} until {@code has_more} is false. Later pages may report changes made
     * since the first one (a {@code deleted} entry removes a file or a whole folder). A missing folder,
     * or a file in its place, holds nothing; the listing says which.
     */
    private Listing listAll(String folder, boolean recursive, int restarts) throws DbxException {
        Map<String, Metadata> found = new LinkedHashMap<>();
        String self = lower(folder);
        ListFolderResult page;
        try {
            page = client.files().listFolderBuilder(folder).withRecursive(recursive)
                    .withLimit((long) settings.listLimit()).start();
        } catch (ListFolderErrorException e) {
            if (e.errorValue.isPath() && (e.errorValue.getPathValue().isNotFound()
                    || e.errorValue.getPathValue().isNotFolder())) {
                return new Listing(Map.of(), e.errorValue.getPathValue());
            }
            throw new RouteFailure(describe(e.errorValue.isPath() ? e.errorValue.getPathValue() : null,
                    e.errorValue.toString()), e);
        }
        while (true) {
            for (Metadata m : page.getEntries()) {
                String key = m.getPathLower();
                if (m instanceof DeletedMetadata) {
                    found.remove(key);
                    found.keySet().removeIf(k -> k.startsWith(key + "/"));
                } else if (!key.equals(self)) { // a recursive listing starts with the folder itself
                    found.put(key, m);
                }
            }
            if (!page.getHasMore()) {
                return new Listing(found, null);
            }
            try {
                page = client.files().listFolderContinue(page.getCursor());
            } catch (ListFolderContinueErrorException e) {
                // reset: Dropbox invalidated the cursor; a lookup error: the folder went away. Start over.
                if (restarts >= 3) {
                    throw new NetworkIOException(new IOException("the listing of " + folder + " was reset "
                            + restarts + " times (" + e.errorValue + ")"));
                }
                LOG.debug("{}: listing of {} starts over ({})", name, folder, e.errorValue);
                return listAll(folder, recursive, restarts + 1);
            }
        }
    }

    /** A file's path below the root, in the case it was first written, whatever the root's case. */
    private String relative(FileMetadata f) {
        String display = f.getPathDisplay() != null ? f.getPathDisplay() : f.getPathLower();
        String[] segments = display.split("/");
        return String.join("/", java.util.Arrays.copyOfRange(segments, rootSegments + 1, segments.length));
    }

    // ---- read ----

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        String full = full(path);
        CloudStorage.readCap(maxBytes); // a negative limit is refused before any I/O
        return call("read " + path, path, attempt -> {
            DbxDownloader<FileMetadata> download;
            try {
                download = client.files().downloadBuilder(full).start();
            } catch (DownloadErrorException e) {
                if (e.errorValue.isPath() && e.errorValue.getPathValue().isNotFound()) {
                    return Optional.empty(); // only a missing file is absent; every other lookup error fails
                }
                throw new RouteFailure(describe(e.errorValue.isPath() ? e.errorValue.getPathValue() : null,
                        e.errorValue.toString()), e);
            }
            try (download) {
                FileMetadata meta = download.getResult();
                if (meta.getSize() > maxBytes) {
                    // Dropbox-API-Result comes before the body: refuse without downloading it.
                    throw new ObjectTooLargeException(name, path, maxBytes, meta.getSize());
                }
                InputStream in = download.getInputStream();
                byte[] bytes = in.readNBytes(CloudStorage.readCap(maxBytes));
                if (bytes.length > maxBytes) {
                    throw new ObjectTooLargeException(name, path, maxBytes, -1);
                }
                if (bytes.length != meta.getSize()) {
                    throw new NetworkIOException(new IOException("the download of " + path + " broke off after "
                            + bytes.length + " of " + meta.getSize() + " bytes"));
                }
                return Optional.of(new RemoteObject(path, bytes, new Revision(meta.getRev())));
            } catch (IOException e) {
                throw new NetworkIOException(e);
            }
        });
    }

    // ---- write ----

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        String full = full(path);
        byte[] copy = bytes.clone(); // the caller may change its array while we upload
        WriteMode mode;
        if (condition instanceof WriteCondition.IfMatch m) {
            if (!REV.matcher(m.revision().value()).matches()) {
                throw new PreconditionFailedException(name, path, condition, null); // no Dropbox file has that revision
            }
            mode = WriteMode.update(m.revision().value());
        } else {
            mode = condition instanceof WriteCondition.IfAbsent ? WriteMode.ADD : WriteMode.OVERWRITE;
        }
        // strict_conflict makes update(rev) fail even for a deleted file or identical bytes. Not for add:
        // there Dropbox takes identical bytes as no conflict, which is how a retried create whose
        // first attempt landed succeeds (SPEC R4.2).
        boolean strict = condition instanceof WriteCondition.IfMatch;
        String hash = ContentHash.of(copy);
        return call("write " + path, path, attempt -> {
            try {
                FileMetadata written = copy.length <= settings.chunkBytes()
                        ? client.files().uploadBuilder(full).withMode(mode).withAutorename(false).withMute(true)
                        .withStrictConflict(strict).withContentHash(hash).uploadAndFinish(new ByteArrayInputStream(copy))
                        : uploadInSession(full, copy, mode, strict);
                return new Revision(written.getRev());
            } catch (UploadErrorException e) {
                if (e.errorValue.isPath()) {
                    return rejected(path, condition, hash, attempt, e.errorValue.getPathValue().getReason(), e);
                }
                if (e.errorValue.isContentHashMismatch()) {
                    throw new NetworkIOException(new IOException("the bytes of " + path + " arrived altered"));
                }
                throw new RouteFailure(e.errorValue.toString(), e);
            } catch (UploadSessionFinishErrorException e) {
                if (e.errorValue.isPath()) {
                    return rejected(path, condition, hash, attempt, e.errorValue.getPathValue(), e);
                }
                throw new RouteFailure(e.errorValue.toString(), e);
            } catch (IOException e) {
                throw new NetworkIOException(e);
            }
        });
    }

    /** A large file in chunks: {@code upload_session/start}, {@code append_v2}, then {@code finish} with the commit. */
    private FileMetadata uploadInSession(String full, byte[] bytes, WriteMode mode, boolean strict)
            throws DbxException, IOException {
        int chunk = settings.chunkBytes();
        String session = client.files().uploadSessionStartBuilder().withContentHash(ContentHash.of(bytes, 0, chunk))
                .uploadAndFinish(new ByteArrayInputStream(bytes, 0, chunk)).getSessionId();
        long offset = chunk;
        // A failed chunk fails the attempt; the next attempt starts a new session (Dropbox drops the
        // abandoned one after a week).
        while (bytes.length - offset > chunk) {
            int from = (int) offset;
            client.files().uploadSessionAppendV2Builder(new UploadSessionCursor(session, offset))
                    .withContentHash(ContentHash.of(bytes, from, from + chunk))
                    .uploadAndFinish(new ByteArrayInputStream(bytes, from, chunk));
            offset += chunk;
        }
        CommitInfo commit = CommitInfo.newBuilder(full).withMode(mode).withAutorename(false).withMute(true)
                .withStrictConflict(strict).build();
        int from = (int) offset;
        return client.files().uploadSessionFinish(new UploadSessionCursor(session, offset), commit,
                        ContentHash.of(bytes, from, bytes.length))
                .uploadAndFinish(new ByteArrayInputStream(bytes, from, bytes.length - from));
    }

    /** A write Dropbox refused at its path: a lost race, a full account, or a path problem. */
    private Revision rejected(String path, WriteCondition condition, String hash, int attempt, WriteError error,
                              DbxException e) throws DbxException {
        // Only a file in the way is a lost race; a folder there, or a file where a folder must be,
        // is a path problem that no re-read mends.
        boolean fileThere = error.isConflict() && error.getConflictValue() == WriteConflictError.FILE;
        if (fileThere && condition != WriteCondition.unconditional()) {
            // A retried update whose first attempt landed conflicts with itself: if the file holds
            // exactly our bytes, our write is what landed (SPEC R4.2).
            if (attempt > 0) {
                Optional<Revision> landed = landed(path, full(path), hash);
                if (landed.isPresent()) {
                    return landed.get();
                }
            }
            throw new PreconditionFailedException(name, path, condition, current(full(path)).orElse(null));
        }
        if (error.isInsufficientSpace()) {
            throw new QuotaExceededException(name + ": cannot write " + path + ": the Dropbox account is full "
                    + "(insufficient_space); free space in Dropbox or upgrade the plan, then sync again", e);
        }
        throw new RouteFailure("path/" + error.tag().name().toLowerCase(Locale.ROOT)
                + (error.isConflict() ? "/" + error.getConflictValue().name().toLowerCase(Locale.ROOT) : ""), e);
    }

    /** The file's revision if it holds exactly the bytes of this hash. */
    private Optional<Revision> landed(String path, String full, String hash) throws DbxException {
        Optional<FileMetadata> meta = metadata(full);
        return meta.filter(m -> hash.equals(m.getContentHash())).map(m -> new Revision(m.getRev()));
    }

    private Optional<Revision> current(String full) throws DbxException {
        return metadata(full).map(m -> new Revision(m.getRev()));
    }

    private Optional<FileMetadata> metadata(String full) throws DbxException {
        try {
            Metadata m = client.files().getMetadata(full);
            return m instanceof FileMetadata f ? Optional.of(f) : Optional.empty();
        } catch (GetMetadataErrorException e) {
            if (e.errorValue.isPath() && e.errorValue.getPathValue().isNotFound()) {
                return Optional.empty();
            }
            throw new RouteFailure(describe(e.errorValue.isPath() ? e.errorValue.getPathValue() : null,
                    e.errorValue.toString()), e);
        }
    }

    // ---- delete ----

    @Override
    public void delete(String path, WriteCondition condition) {
        String full = full(path);
        if (condition instanceof WriteCondition.IfAbsent) {
            if (call("check " + path, path, attempt -> current(full)).isPresent()) {
                throw new PreconditionFailedException(name, path, condition, null);
            }
            return;
        }
        String parentRev = condition instanceof WriteCondition.IfMatch m ? m.revision().value() : null;
        if (parentRev != null && !REV.matcher(parentRev).matches()) {
            throw new PreconditionFailedException(name, path, condition, null);
        }
        call("delete " + path, path, attempt -> {
            try {
                client.files().deleteV2(full, parentRev);
            } catch (DeleteErrorException e) {
                DeleteError error = e.errorValue;
                boolean absent = error.isPathLookup() && error.getPathLookupValue().isNotFound();
                if (absent && (parentRev == null || attempt > 0)) {
                    return null; // gone already, or our own first attempt removed it and its answer was lost
                }
                if (parentRev != null && (absent || error.isPathWrite() && error.getPathWriteValue().isConflict())) {
                    throw new PreconditionFailedException(name, path, condition, current(full).orElse(null));
                }
                throw deleteRefused(e);
            }
            return null;
        });
    }

    private static RouteFailure deleteRefused(DeleteErrorException e) {
        DeleteError error = e.errorValue;
        return new RouteFailure(error.isPathLookup() ? describe(error.getPathLookupValue(), error.toString())
                : error.toString(), e);
    }

    // ---- removing an empty root ----

    /**
     * Removes the root folder and the folders below it if Dropbox shows no file anywhere there, deepest
     * first; never a folder above the root (it may hold other roots), and never the app folder itself.
     *
     * <p>Dropbox has no delete-if-empty: {@code delete_v2} of a folder deletes all it holds. So the whole
     * tree is listed first (a file anywhere: nothing is removed), then each folder is listed afresh right
     * before its {@code delete_v2} and deleted only if that listing shows no entry at all; a failed
     * listing fails the call. A file uploaded into a folder between its fresh listing and its delete (one
     * round trip) would still go with it, as would a file put in a folder's place then. That race is
     * left open because this method is only for scratch roots that nothing else writes to
     * ({@code check-remote}'s, the kit's); the engine never calls it, and Dropbox keeps deleted files
     * restorable for a while.
     */
    @Override
    public boolean removeRootIfEmpty() {
        String root = settings.folder();
        Listing tree = call("remove the empty folder: list it", "", attempt -> listAll(root, true, 0));
        if (tree.holdsAFile()) {
            return false;
        }
        if (!tree.isFolder()) {
            return true; // no root there at all
        }
        String under = lower(root) + "/";
        List<String> folders = new ArrayList<>(tree.entries().values().stream()
                .filter(FolderMetadata.class::isInstance).map(Metadata::getPathLower).filter(p -> p.startsWith(under))
                .sorted(Comparator.comparingLong(DropboxStorage::depth).reversed()).toList());
        if (!root.isEmpty()) {
            folders.add(lower(root)); // the app folder (an empty root) is Dropbox's, never ours to remove
        }
        for (String folder : folders) {
            String shown = folder.length() < under.length() ? "the root folder"
                    : "the folder " + folder.substring(under.length());
            Listing now = call("remove " + shown + ": list it", shown, attempt -> listAll(folder, false, 0));
            if (now.holdsAFile() || now.isFolder() && !now.entries().isEmpty()) {
                return false; // something arrived meanwhile: not empty after all
            }
            if (now.isFolder()) {
                call("remove " + shown, shown, attempt -> {
                    try {
                        client.files().deleteV2(folder);
                    } catch (DeleteErrorException e) {
                        boolean gone = e.errorValue.isPathLookup() && e.errorValue.getPathLookupValue().isNotFound();
                        if (!gone) { // gone: removed meanwhile, or by our own first attempt whose answer was lost
                            throw deleteRefused(e);
                        }
                    }
                    return null;
                });
            }
        }
        return true;
    }

    private static long depth(String path) {
        return path.chars().filter(c -> c == '/').count();
    }

    // ---- the rest ----

    @Override
    public Set<Capability> capabilities() {
        // No CONSISTENT_LISTING: Dropbox documents no such guarantee for list_folder (see decision 0009).
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS, Capability.CONDITIONAL_DELETE);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        closed.set(true); // HttpURLConnection keeps no pool of ours; nothing else to release
    }

    private String full(String path) {
        return settings.folder() + "/" + RemotePaths.requireValid(name, path);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String describe(LookupError lookup, String fallback) {
        return lookup == null ? fallback : "path/" + lookup.tag().name().toLowerCase(Locale.ROOT);
    }

    /** A route's own error that no retry mends: a malformed path, a folder where a file should be. */
    private static final class RouteFailure extends DbxException {
        private static final long serialVersionUID = 1L;

        RouteFailure(String summary, DbxException cause) {
            super(cause.getRequestId(), summary, cause);
        }
    }

    /** One call to Dropbox, made again while it fails in a way that may pass. */
    private interface Call<T> {
        T run(int attempt) throws DbxException;
    }

    /**
     * Runs a call with bounded retries: a 429 waits what {@code Retry-After} says; a 5xx or a broken
     * connection waits a back-off that doubles from the first, with jitter between half and all of it.
     * The SDK's own retries are off: they cover neither 500s nor uploads, and sleep through interrupts.
     */
    private <T> T call(String what, String path, Call<T> call) {
        String where = name + ": cannot " + what;
        if (closed.get()) {
            throw new StorageException(where + ": this storage was closed; open it again");
        }
        Duration backoff = firstBackoff;
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run(attempt);
            } catch (RouteFailure e) {
                throw new StorageException(where + ": Dropbox refused it (" + e.getMessage() + ")", e.getCause());
            } catch (DbxException e) {
                if (!DropboxErrors.retryable(e) || attempt >= settings.retries()) {
                    throw DropboxErrors.translate(where, e);
                }
                Duration asked = DropboxErrors.askedWait(e);
                if (asked.compareTo(LONGEST_WAIT) > 0) {
                    throw DropboxErrors.translate(where, e);
                }
                long jittered = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
                long wait = Math.max(asked.toMillis(), jittered);
                LOG.debug("{}: {} failed ({}); try {} of {} in {} ms", name, what, e.getClass().getSimpleName(),
                        attempt + 2, settings.retries() + 1, wait);
                sleep(where, wait);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(String where, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientStorageException(where + ": interrupted while waiting to try again", e);
        }
    }
}
