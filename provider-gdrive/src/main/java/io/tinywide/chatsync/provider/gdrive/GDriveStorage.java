package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CloudStorage} in a Google Drive account's hidden, per-app {@code appDataFolder}.
 *
 * <p>Drive addresses files by id and lets several files share a name in a folder; v3 has no conditional
 * update. So this storage never overwrites: every write creates a new file, and a file is a
 * <em>version</em> of its path ({@link Capability#UNIQUE_PATHS} is not declared; see its rules). A
 * write with {@code ifMatch(r)} checks that version {@code r} is still there, creates the new file, and
 * then deletes exactly {@code r}; racing writers each leave a version and the next reader merges them
 * all. Versions are ordered by Drive's {@code createdTime}, ties by file id, in {@link #list},
 * {@link #read(String, long)} (the oldest) and {@link #readVersions} alike. A {@link Revision} is
 * {@code fileId@headRevisionId}, so a file edited in place by another program is not taken for the
 * version that was read (decision 0009).
 *
 * <p>Folders are resolved to ids once and cached ({@link FolderCache}); a listing walks the folders
 * afresh and corrects the cache, a read that finds nothing looks again with fresh folders before it
 * says the file is absent, and a write whose folder was deleted by another device recreates it.
 */
final class GDriveStorage implements CloudStorage {
    private static final Logger LOG = LoggerFactory.getLogger(GDriveStorage.class);
    static final String FOLDER = "application/vnd.google-apps.folder";
    private static final String FILE_TYPE = "application/octet-stream";
    private static final String VERSION_FIELDS = "id, name, parents, size, createdTime, headRevisionId, version";
    /** Drive's advice: simple (multipart) uploads up to 5 MB, resumable ones beyond. */
    private static final int DIRECT_UPLOAD_LIMIT = 5 << 20;
    /** How many folder ids one query names; keeps the query well inside Drive's URL limits. */
    private static final int PARENTS_PER_QUERY = 40;
    /** How often a read starts over when a version it found was removed before it was downloaded. */
    private static final int VANISHED_RETRIES = 8;

    private final Drive drive;
    private final GDriveSettings settings;
    private final String name;
    private final DriveCalls calls;
    private final FolderCache folders;
    private volatile boolean closed;

    GDriveStorage(Drive drive, GDriveSettings settings, Retry retry, String reauthorize) {
        this.drive = drive;
        this.settings = settings;
        this.name = "gdrive:appDataFolder/" + String.join("/", settings.folders())
                + settings.endpoint().map(e -> " at " + e).orElse("");
        this.calls = new DriveCalls(name, retry, reauthorize);
        this.folders = new FolderCache(this);
    }

    /** One version of a path as Drive lists it. */
    record Version(String path, File file) {
        Revision revision() {
            return revisionOf(file);
        }

        long size() {
            return file.getSize() == null ? 0 : file.getSize();
        }
    }

    static Revision revisionOf(File f) {
        return new Revision(f.getId() + "@" + (f.getHeadRevisionId() != null ? f.getHeadRevisionId()
                : "v" + f.getVersion()));
    }

    static final Comparator<File> OLDEST_FIRST = Comparator
            .comparing((File f) -> f.getCreatedTime() == null ? Long.MAX_VALUE : f.getCreatedTime().getValue())
            .thenComparing(File::getId);

    // ---- listing ----

    @Override
    public List<RemoteEntry> list(String prefix) {
        open();
        calls.operation(prefix.isEmpty() ? "list the root" : "list " + prefix);
        List<RemoteEntry> entries = new ArrayList<>();
        for (Version v : folders.walk(prefix)) {
            if (v.path().startsWith(prefix)) {
                entries.add(new RemoteEntry(v.path(), v.size(), v.revision()));
            }
        }
        return entries;
    }

    /**
     * Every child (file or folder) of the folders, following every page.
     *
     * @param trashedToo whether children in Drive's trash count too (they are still in their folder, and
     *                   go with it when it is deleted)
     */
    List<File> children(List<String> folderIds, boolean trashedToo, String what) {
        List<File> out = new ArrayList<>();
        for (int i = 0; i < folderIds.size(); i += PARENTS_PER_QUERY) {
            List<String> chunk = folderIds.subList(i, Math.min(folderIds.size(), i + PARENTS_PER_QUERY));
            out.addAll(query((trashedToo ? "" : "trashed = false and ") + anyParent(chunk), what));
        }
        return out;
    }

    /** Every file of a query in the appDataFolder space, following every page, oldest first. */
    List<File> query(String q, String what) {
        List<File> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String token = null;
        do {
            String pageToken = token;
            FileList page = calls.call(what, "", () -> drive.files().list().setSpaces("appDataFolder").setQ(q)
                    .setPageSize(settings.pageSize()).setPageToken(pageToken)
                    .setFields("nextPageToken, files(" + VERSION_FIELDS + ", mimeType)").execute());
            if (page.getFiles() != null) {
                for (File f : page.getFiles()) {
                    if (seen.add(f.getId())) { // a file may move between pages while they are read
                        out.add(f);
                    }
                }
            }
            token = page.getNextPageToken();
        } while (token != null && !token.isEmpty());
        out.sort(OLDEST_FIRST);
        return out;
    }

    static String anyParent(List<String> ids) {
        StringBuilder q = new StringBuilder("(");
        for (int i = 0; i < ids.size(); i++) {
            q.append(i == 0 ? "" : " or ").append(literal(ids.get(i))).append(" in parents");
        }
        return q.append(')').toString();
    }

    /** A string literal of Drive's query language. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    // ---- reads ----

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        check("read", path);
        for (int attempt = 0; attempt < VANISHED_RETRIES; attempt++) {
            List<Version> versions = versions(path);
            if (versions.isEmpty()) {
                return Optional.empty();
            }
            Optional<RemoteObject> oldest = download(versions.get(0), maxBytes);
            if (oldest.isPresent()) {
                return oldest;
            }
        }
        throw vanishing(path);
    }

    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        check("read", path);
        attempts:
        for (int attempt = 0; attempt < VANISHED_RETRIES; attempt++) {
            List<Version> versions = versions(path);
            for (Version v : versions) {
                refuseIfTooLarge(v, maxBytes); // before any download
            }
            List<RemoteObject> out = new ArrayList<>();
            for (Version v : versions) {
                Optional<RemoteObject> o = download(v, maxBytes);
                if (o.isEmpty()) {
                    continue attempts; // merged and removed by another writer meanwhile: its merge is newer
                }
                out.add(o.get());
            }
            return out;
        }
        throw vanishing(path);
    }

    private TransientStorageException vanishing(String path) {
        return new TransientStorageException(name + ": cannot read " + path + ": its versions kept being replaced "
                + "while they were read (other devices are writing it); sync again", null);
    }

    /**
     * Every version of the path, oldest first, looked up afresh (one query, folders included): a folder
     * another device made meanwhile can never hide a version, so "absent" and "oldest" are true as of
     * this call.
     */
    private List<Version> versions(String path) {
        return folders.lookup(parent(path), fileName(path)).files().stream().map(f -> new Version(path, f)).toList();
    }

    private void refuseIfTooLarge(Version v, long maxBytes) {
        if (v.size() > maxBytes) {
            throw new ObjectTooLargeException(name, v.path(), maxBytes, v.size());
        }
    }

    /** The version's bytes, or empty if it was deleted before it could be downloaded. */
    private Optional<RemoteObject> download(Version v, long maxBytes) {
        refuseIfTooLarge(v, maxBytes);
        int cap = CloudStorage.readCap(maxBytes);
        Optional<byte[]> bytes = calls.callIfPresent("read", v.path(), () -> {
            try (InputStream in = drive.files().get(v.file().getId()).executeMediaAsInputStream()) {
                return in.readNBytes(cap);
            }
        });
        if (bytes.isPresent() && bytes.get().length > maxBytes) {
            throw new ObjectTooLargeException(name, v.path(), maxBytes, -1);
        }
        return bytes.map(b -> new RemoteObject(v.path(), b, v.revision()));
    }

    // ---- writes ----

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        check("write", path);
        byte[] copy = bytes.clone();
        if (condition instanceof WriteCondition.IfMatch m) {
            Version expected = current(path, m.revision())
                    .orElseThrow(() -> new PreconditionFailedException(name, path, condition, oldestRevision(path)));
            Revision written = create(path, copy);
            remove(expected);
            return written;
        }
        List<Version> before = versions(path);
        if (condition == WriteCondition.ifAbsent() && !before.isEmpty()) {
            throw new PreconditionFailedException(name, path, condition, before.get(0).revision());
        }
        Revision written = condition == WriteCondition.ifAbsent() ? createUntied(path, copy) : create(path, copy);
        before.forEach(this::remove);
        return written;
    }

    /**
     * Creates a version that no other version of the path ties with on {@code createdTime}. Drive keeps
     * milliseconds, and between two files created in one millisecond the order by id says nothing of
     * which came first; but racing creators (two first devices making the keyring) rely on a version
     * created later being ordered after the one another device already read back as the oldest. So a
     * creator that finds its file tied with another removes it and creates it again, later. A creator
     * that found no tie keeps its place: a file that ties with it later is the other creator's to move.
     */
    private Revision createUntied(String path, byte[] bytes) {
        for (int attempt = 0; ; attempt++) {
            Revision written = create(path, bytes);
            List<Version> now = versions(path);
            Optional<Version> mine = now.stream().filter(v -> v.revision().equals(written)).findFirst();
            if (mine.isEmpty() || attempt >= 8 || now.stream().noneMatch(v -> v != mine.get()
                    && Objects.equals(v.file().getCreatedTime(), mine.get().file().getCreatedTime()))) {
                return written;
            }
            remove(mine.get());
            pauseBriefly(attempt);
        }
    }

    private static void pauseBriefly(int attempt) {
        try {
            Thread.sleep(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(2 << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientStorageException("interrupted", e);
        }
    }

    /** Version {@code r} of the path, if it is still there and unchanged. */
    private Optional<Version> current(String path, Revision r) {
        String value = r.value();
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty(); // not a revision of this storage
        }
        String fileId = value.substring(0, at);
        Optional<File> file = calls.callIfPresent("check " + path, path, () -> drive.files().get(fileId)
                .setFields(VERSION_FIELDS + ", trashed, mimeType").execute());
        return file.filter(f -> !Boolean.TRUE.equals(f.getTrashed()) && fileName(path).equals(f.getName())
                        && revisionOf(f).equals(r) && f.getParents() != null
                        && f.getParents().stream().anyMatch(p -> folders.holds(parent(path), p)))
                .map(f -> new Version(path, f));
    }

    private Revision oldestRevision(String path) {
        List<Version> now = versions(path);
        return now.isEmpty() ? null : now.get(0).revision();
    }

    /** A new file, the newest version of the path. */
    private Revision create(String path, byte[] bytes) {
        for (int attempt = 0; ; attempt++) {
            String folderId = folders.ensure(parent(path));
            File metadata = new File().setName(fileName(path)).setParents(List.of(folderId)).setMimeType(FILE_TYPE);
            Optional<File> created = calls.callIfPresent("write", path, () -> {
                Drive.Files.Create create = drive.files().create(metadata, new ByteArrayContent(FILE_TYPE, bytes))
                        .setFields(VERSION_FIELDS);
                create.getMediaHttpUploader().setDirectUploadEnabled(bytes.length <= DIRECT_UPLOAD_LIMIT);
                return create.execute();
            });
            if (created.isPresent()) {
                return revisionOf(created.get());
            }
            // 404: the folder was deleted by another device since it was cached; find or make it again.
            folders.forgetAll();
            if (attempt >= 2) {
                throw new StorageException(name + ": cannot write " + path + ": its folder keeps disappearing "
                        + "(another program is deleting it); sync again");
            }
        }
    }

    /** Removes exactly this version; one already gone (merged and removed by another writer) is no error. */
    private void remove(Version v) {
        calls.callIfPresent("remove an older version of", v.path(),
                () -> drive.files().delete(v.file().getId()).execute());
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        check("delete", path);
        if (condition instanceof WriteCondition.IfMatch m) {
            Version expected = current(path, m.revision())
                    .orElseThrow(() -> new PreconditionFailedException(name, path, condition,
                            oldestRevision(path)));
            Optional<Object> removed = calls.callIfPresent("delete", path, () -> {
                drive.files().delete(expected.file().getId()).execute();
                return Boolean.TRUE;
            });
            if (removed.isEmpty()) {
                throw new PreconditionFailedException(name, path, condition, oldestRevision(path));
            }
            return;
        }
        List<Version> all = versions(path);
        if (condition == WriteCondition.ifAbsent() && !all.isEmpty()) {
            throw new PreconditionFailedException(name, path, condition, all.get(0).revision());
        }
        all.forEach(this::remove);
    }

    // ---- removing an empty root ----

    /**
     * Removes every folder at the root's path (two devices may each have made one) and every folder
     * below them, deepest first, if no file is anywhere under them, in Drive's trash included (Drive
     * deletes a folder's trashed children with it too). The folders above the root may hold other
     * roots and stay; an empty root is appDataFolder itself, which stays, and only the folders in it go
     * (all of appDataFolder is this app's: no other app sees it).
     *
     * <p>Drive deletes a folder with everything in it and has no conditional delete, so a folder is
     * deleted only once a listing made right before shows it has no child at all, and a child of any
     * kind makes this stop and answer false. A race remains: a file another client creates in a folder
     * between that listing and the delete, or one that Drive's search index does not show yet, goes with
     * the folder. That is acceptable only because this is for scratch roots ({@code check-remote}, the
     * kit) that no device syncs into; the engine never calls it.
     */
    @Override
    public boolean removeRootIfEmpty() {
        open();
        calls.operation("remove the empty root");
        try {
            List<String> roots = folders.resolve("", true);
            Map<String, String> pathOf = new HashMap<>();
            roots.forEach(id -> pathOf.put(id, ""));
            List<List<String>> byDepth = new ArrayList<>();
            if (!settings.folders().isEmpty()) {
                byDepth.add(roots);
            }
            List<String> level = roots;
            while (!level.isEmpty()) {
                List<String> next = new ArrayList<>();
                for (File f : children(level, true, "look for files under the root")) {
                    String path = child(pathOf, f);
                    if (!FOLDER.equals(f.getMimeType())) {
                        LOG.debug("{}: the root is not removed: {} is a file", name, path);
                        return false;
                    }
                    if (pathOf.putIfAbsent(f.getId(), path) == null) {
                        next.add(f.getId());
                    }
                }
                if (!next.isEmpty()) {
                    byDepth.add(next);
                }
                level = next;
            }
            for (int depth = byDepth.size() - 1; depth >= 0; depth--) {
                for (String id : byDepth.get(depth)) {
                    String what = pathOf.get(id).isEmpty() ? "remove the root's folder"
                            : "remove the empty folder " + pathOf.get(id);
                    if (!children(List.of(id), true, what).isEmpty()) {
                        LOG.debug("{}: the root is not removed: something appeared in {} meanwhile", name, what);
                        return false;
                    }
                    calls.callIfPresent(what, "", () -> drive.files().delete(id).execute());
                }
            }
            return true;
        } finally {
            folders.forgetAll();
        }
    }

    /** The child's path below the root, from its parent's. */
    private static String child(Map<String, String> pathOf, File f) {
        String parent = f.getParents() == null ? "" : f.getParents().stream().map(pathOf::get)
                .filter(Objects::nonNull).findFirst().orElse("");
        return parent.isEmpty() ? f.getName() : parent + "/" + f.getName();
    }

    // ---- folders, for FolderCache ----

    /** The folders named {@code name} in any of the parents, oldest first. */
    List<File> subfolders(List<String> parentIds, String folderName) {
        List<File> out = new ArrayList<>();
        for (int i = 0; i < parentIds.size(); i += PARENTS_PER_QUERY) {
            List<String> chunk = parentIds.subList(i, Math.min(parentIds.size(), i + PARENTS_PER_QUERY));
            out.addAll(query("name = " + literal(folderName) + " and mimeType = '" + FOLDER
                    + "' and trashed = false and " + anyParent(chunk), "look up folder " + folderName));
        }
        out.sort(OLDEST_FIRST);
        return out;
    }

    /** A new folder; empty if the parent is gone. */
    Optional<File> createFolder(String parentId, String folderName) {
        File metadata = new File().setName(folderName).setMimeType(FOLDER).setParents(List.of(parentId));
        return calls.callIfPresent("create folder " + folderName, "", () -> drive.files().create(metadata)
                .setFields("id, name, parents, createdTime").execute());
    }

    String appDataFolderId() {
        return calls.call("find appDataFolder", "", () -> drive.files().get("appDataFolder").setFields("id").execute())
                .getId();
    }

    GDriveSettings settings() {
        return settings;
    }

    // ---- paths ----

    private void check(String operation, String path) {
        open();
        RemotePaths.requireValid(name, path);
        calls.operation(operation + " " + path);
    }

    private void open() {
        if (closed) {
            throw new StorageException(name + ": this storage was closed; open the remote again");
        }
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public Set<Capability> capabilities() {
        // Removing exactly one version is what a conditional delete is here; writes are checked, not
        // atomic, and a listing may lag behind Drive's writes (it is a search index).
        return EnumSet.of(Capability.CONDITIONAL_DELETE);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                drive.getRequestFactory().getTransport().shutdown();
            } catch (IOException e) {
                LOG.debug("{}: closing the HTTP transport: {}", name, e.toString());
            }
        }
    }
}
