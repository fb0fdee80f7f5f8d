package io.tinywide.chatsync.fake.dropbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One user's app folder as Dropbox keeps it: files and folders by lower-cased path (paths are
 * case-insensitive; the case first written is kept for display), a revision per file version that is
 * never reused, and a journal of changes that listing cursors continue from. Every method holds the
 * namespace's lock, so each call is atomic as Dropbox's commits are.
 */
final class Namespace {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A file or folder. {@code bytes}, {@code rev} and {@code contentHash} are null for a folder. */
    record Entry(String display, boolean folder, byte[] bytes, String rev, String id, Instant modified,
                 String contentHash) {
        String lower() {
            return Namespace.lower(display);
        }

        String name() {
            return display.substring(display.lastIndexOf('/') + 1);
        }
    }

    /** One change, in commit order; {@code entry} is null when the path was deleted. */
    record Change(long seq, String lower, String display, Entry entry) {
    }

    /** How an upload treats what is already at its path. */
    record Mode(String tag, String rev) {
        static final Mode ADD = new Mode("add", null);
        static final Mode OVERWRITE = new Mode("overwrite", null);
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<String, Entry> revisions = new HashMap<>();
    private final List<Change> journal = new ArrayList<>();
    private final String revPrefix = Integer.toHexString(0x100 + RANDOM.nextInt(0xeff));
    private long revCounter;
    private long quotaBytes = Long.MAX_VALUE;

    static String lower(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    /**
     * Checks a path as Dropbox does: {@code ""} (the root, where allowed) or {@code /} and segments,
     * without a trailing slash or empty segments.
     */
    static String requirePath(String member, String path, boolean rootAllowed) {
        if (path == null) {
            throw ApiError.badRequest("Error in call to API function: missing required field 'path'");
        }
        if (path.isEmpty() || path.equals("/")) {
            if (rootAllowed && path.isEmpty()) {
                return path;
            }
            if (path.equals("/")) {
                throw ApiError.badRequest("Error in call to API function: request body: path: "
                        + "Specify the root folder as an empty string rather than as \"/\".");
            }
            throw ApiError.route(member + "/malformed_path", malformed(member, "the root folder is not allowed here"));
        }
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw ApiError.badRequest("Error in call to API function: request body: path: '" + path
                    + "' did not match pattern '(/(.|[\\r\\n])*)|(ns:[0-9]+(/.*)?)|(id:.*)'");
        }
        return path;
    }

    private static ObjectNode malformed(String member, String why) {
        ObjectNode inner = ApiError.tag("malformed_path").put("malformed_path", why);
        return ApiError.nested(member, inner);
    }

    synchronized void quota(long bytes) {
        this.quotaBytes = bytes;
    }

    synchronized long usedBytes() {
        return entries.values().stream().filter(e -> !e.folder()).mapToLong(e -> e.bytes().length).sum();
    }

    synchronized Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(lower(path)));
    }

    synchronized Optional<Entry> revision(String rev) {
        return Optional.ofNullable(revisions.get(rev));
    }

    synchronized List<Entry> all() {
        return List.copyOf(entries.values());
    }

    synchronized long seq() {
        return journal.size();
    }

    /** The entry at a path for a download: a file, or the route's lookup error. */
    synchronized Entry file(String member, String path) {
        Entry e = entries.get(lower(requirePath(member, path, false)));
        if (e == null) {
            throw ApiError.lookup(member, "not_found");
        }
        if (e.folder()) {
            throw ApiError.lookup(member, "not_file");
        }
        return e;
    }

    /**
     * Writes a file as {@code upload} and {@code upload_session/finish} do. {@code member} names the
     * route error's member ({@code path}), {@code writeError} builds the route's error from a
     * {@code WriteError} (its shape differs between the two routes).
     */
    synchronized Entry upload(String path, byte[] bytes, Mode mode, boolean autorename, boolean strictConflict,
                              WriteErrors errors) {
        requirePath("path", path, false);
        String key = lower(path);
        String hash = ContentHash.of(bytes);
        // Something in the way above the file: a file where a folder must be.
        for (int slash = key.indexOf('/', 1); slash > 0; slash = key.indexOf('/', slash + 1)) {
            Entry ancestor = entries.get(key.substring(0, slash));
            if (ancestor != null && !ancestor.folder()) {
                throw errors.write("conflict", "file_ancestor");
            }
        }
        Entry existing = entries.get(key);
        if (existing != null && existing.folder()) {
            if (!autorename) {
                throw errors.write("conflict", "folder");
            }
            return upload(renamed(path), bytes, mode, false, strictConflict, errors);
        }
        boolean conflict = switch (mode.tag()) {
            case "add" -> existing != null;
            case "overwrite" -> false;
            case "update" -> existing == null ? strictConflict : !existing.rev().equals(mode.rev());
            default -> throw ApiError.badRequest("Error in call to API function: request body: mode: unknown tag '"
                    + mode.tag() + "'");
        };
        // Without strict_conflict, writing what is already there is no conflict and no new revision.
        if (existing != null && !strictConflict && existing.contentHash().equals(hash)) {
            return existing;
        }
        if (conflict) {
            if (!autorename) {
                throw errors.write("conflict", "file");
            }
            return upload(renamed(path), bytes, Mode.ADD, false, strictConflict, errors);
        }
        long used = usedBytes() - (existing == null ? 0 : existing.bytes().length);
        if (used + bytes.length > quotaBytes) {
            throw errors.write("insufficient_space", null);
        }
        String display = existing != null ? existing.display() : createParents(path);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Entry file = new Entry(display, false, bytes.clone(), nextRev(),
                existing != null ? existing.id() : newId(), now, hash);
        put(file);
        revisions.put(file.rev(), file);
        return file;
    }

    /** "name (1).ext", "name (2).ext", … until one is free: Dropbox's autorename. */
    private String renamed(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            String candidate = path.substring(0, slash + 1) + base + " (" + n + ")" + ext;
            if (!entries.containsKey(lower(candidate))) {
                return candidate;
            }
        }
    }

    /** Creates the missing folders above a new file; returns the file's display path. */
    private String createParents(String path) {
        StringBuilder display = new StringBuilder();
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            String candidate = display + "/" + segments[i];
            Entry folder = entries.get(lower(candidate));
            if (folder == null) {
                folder = new Entry(candidate, true, null, null, newId(), null, null);
                put(folder);
            }
            display.setLength(0);
            display.append(folder.display());
        }
        return display + "/" + segments[segments.length - 1];
    }

    private void put(Entry e) {
        entries.put(e.lower(), e);
        journal.add(new Change(journal.size() + 1, e.lower(), e.display(), e));
    }

    /** {@code delete_v2}: a file (if {@code parentRev} is null or its revision) or a folder and all it holds. */
    synchronized Entry delete(String path, String parentRev) {
        String key = lower(requirePath("path_lookup", path, false));
        Entry e = entries.get(key);
        if (e == null) {
            throw ApiError.lookup("path_lookup", "not_found");
        }
        if (parentRev != null && (e.folder() || !e.rev().equals(parentRev))) {
            throw ApiError.write("path_write", "conflict", e.folder() ? "folder" : "file");
        }
        entries.subMap(key + "/", key + "/\uffff").clear();
        entries.remove(key);
        journal.add(new Change(journal.size() + 1, key, e.display(), null));
        return e;
    }

    /** Everything under (or, recursively, below) a folder, for the first page of a listing. */
    synchronized Snapshot list(String path, boolean recursive) {
        requirePath("path", path, true);
        String key = lower(path);
        if (!key.isEmpty()) {
            Entry folder = entries.get(key);
            if (folder == null) {
                throw ApiError.lookup("path", "not_found");
            }
            if (!folder.folder()) {
                throw ApiError.lookup("path", "not_folder");
            }
        }
        List<Entry> found = new ArrayList<>();
        if (recursive && !key.isEmpty()) {
            found.add(entries.get(key)); // a recursive listing starts with the folder itself
        }
        for (Entry e : entries.subMap(key + "/", key + "/\uffff").values()) {
            if (recursive || e.lower().lastIndexOf('/') == key.length()) {
                found.add(e);
            }
        }
        return new Snapshot(key, recursive, found, journal.size());
    }

    /** The changes after {@code seq} under a listed folder: what {@code list_folder/continue} reports next. */
    synchronized List<Change> changesSince(long seq, String folder, boolean recursive) {
        List<Change> changes = new ArrayList<>();
        for (Change c : journal.subList((int) Math.min(seq, journal.size()), journal.size())) {
            boolean under = c.lower().startsWith(folder + "/");
            if (under && (recursive || c.lower().lastIndexOf('/') == folder.length())) {
                changes.add(c);
            }
        }
        return changes;
    }

    /** The entries of a listing as they were when it started, and the journal position to continue from. */
    record Snapshot(String folder, boolean recursive, List<Entry> entries, long seq) {
    }

    private String nextRev() {
        return revPrefix + String.format("%09x", ++revCounter);
    }

    private static String newId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return "id:" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** Builds a route's error from a {@code WriteError} tag (and conflict tag). */
    interface WriteErrors {
        ApiError write(String writeTag, String conflictTag);
    }
}
