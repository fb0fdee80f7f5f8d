package io.tinywide.chatsync.provider.gdrive;

import com.google.api.services.drive.model.File;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folder paths resolved to Drive folder ids, kept between calls. A path may name several folders: two
 * devices that both found a folder missing each create one, as Drive allows, and every lookup and
 * listing takes all of them (oldest first) so that nothing in either is missed. New files go into the
 * oldest.
 *
 * <p>The cache is corrected whenever Drive shows it wrong: a listing walks the folders afresh and
 * replaces what it saw; a lookup that finds nothing tries fresh folders before a file counts as absent;
 * a write into a folder that another device deleted forgets everything and resolves again.
 */
final class FolderCache {
    private final GDriveStorage storage;
    private final List<String> base;
    /** Absolute folder path (segments below appDataFolder joined by '/') to ids, oldest first. */
    private final Map<String, List<String>> ids = new HashMap<>();
    private String appDataId;

    FolderCache(GDriveStorage storage) {
        this.storage = storage;
        this.base = storage.settings().folders();
    }

    private List<String> absolute(String dir) {
        List<String> segments = new ArrayList<>(base);
        if (!dir.isEmpty()) {
            segments.addAll(List.of(dir.split("/")));
        }
        return segments;
    }

    /** The ids of the folders at {@code dir} (relative to the root), empty if there is none. */
    List<String> resolve(String dir, boolean fresh) {
        return fresh ? lookup(dir, null).folderIds() : cached(absolute(dir));
    }

    /**
     * The folders at a path and the files of one name in them, as Drive has them now.
     *
     * @param folderIds the folders at the path, oldest first; empty if there is none
     * @param files     the files of the name in those folders, oldest first
     */
    record Lookup(List<String> folderIds, List<File> files) { }

    /**
     * Looks a folder path (and a file name in it) up afresh in one query: every folder named like a
     * segment of the path, and every file of the name, wherever they are in appDataFolder; the chain
     * from appDataFolder down is then followed here. The answer includes any folder another device
     * made meanwhile, so the cache is corrected with it.
     *
     * @param fileName a file name to find in the folder, or {@code null} for none
     */
    Lookup lookup(String dir, String fileName) {
        return lookup(absolute(dir), fileName);
    }

    private Lookup lookup(List<String> segments, String fileName) {
        String dir = String.join("/", segments);
        String appData = appDataId();
        if (segments.isEmpty() && fileName == null) {
            return new Lookup(List.of(appData), List.of());
        }
        List<String> terms = new ArrayList<>();
        if (!segments.isEmpty()) {
            terms.add("(mimeType = '" + GDriveStorage.FOLDER + "' and (" + String.join(" or ", segments.stream()
                    .distinct().map(n -> "name = " + GDriveStorage.literal(n)).toList()) + "))");
        }
        if (fileName != null) {
            terms.add("(mimeType != '" + GDriveStorage.FOLDER + "' and name = " + GDriveStorage.literal(fileName)
                    + ")");
        }
        List<File> found = storage.query("trashed = false and (" + String.join(" or ", terms) + ")",
                "look up " + (fileName == null ? dir : (dir.isEmpty() ? "" : dir + "/") + fileName));
        List<String> level = List.of(appData);
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.get(i);
            List<String> parents = level;
            level = found.stream().filter(f -> GDriveStorage.FOLDER.equals(f.getMimeType()) && name.equals(f.getName())
                    && inAny(f, parents)).map(File::getId).toList(); // query() sorted them oldest first
            String key = String.join("/", segments.subList(0, i + 1));
            synchronized (this) {
                if (level.isEmpty()) {
                    ids.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
                    return new Lookup(List.of(), List.of());
                }
                ids.put(key, level);
            }
        }
        List<String> folders = level;
        List<File> files = fileName == null ? List.of() : found.stream().filter(f -> !GDriveStorage.FOLDER.equals(
                f.getMimeType()) && fileName.equals(f.getName()) && inAny(f, folders)).toList();
        return new Lookup(folders, files);
    }

    private static boolean inAny(File f, List<String> folderIds) {
        return f.getParents() != null && f.getParents().stream().anyMatch(folderIds::contains);
    }

    /** The real id of appDataFolder (listings name parents by id, never by the alias), asked for once. */
    private String appDataId() {
        synchronized (this) {
            if (appDataId != null) {
                return appDataId;
            }
        }
        String id = storage.appDataFolderId();
        synchronized (this) {
            appDataId = id;
        }
        return id;
    }

    private List<String> cached(List<String> segments) {
        if (segments.isEmpty()) {
            return List.of(appDataId());
        }
        String key = String.join("/", segments);
        synchronized (this) {
            List<String> known = ids.get(key);
            if (known != null) {
                return known;
            }
        }
        List<String> parents = cached(segments.subList(0, segments.size() - 1));
        if (parents.isEmpty()) {
            return List.of();
        }
        List<String> found = ids(storage.subfolders(parents, segments.get(segments.size() - 1)));
        if (!found.isEmpty()) {
            synchronized (this) {
                ids.put(key, found);
            }
        }
        return found;
    }

    /** Whether {@code folderId} is one of the folders at {@code dir}, looking afresh if the cache says no. */
    boolean holds(String dir, String folderId) {
        return resolve(dir, false).contains(folderId) || resolve(dir, true).contains(folderId);
    }

    /**
     * The id of the folder at {@code dir} that new files go into (the oldest), creating it and its
     * parents if they are missing. One device never makes two: creation is serialised here.
     */
    synchronized String ensure(String dir) {
        return ensure(absolute(dir));
    }

    private String ensure(List<String> segments) {
        if (segments.isEmpty()) {
            return appDataId();
        }
        List<String> known = cached(segments);
        if (known.isEmpty()) {
            known = lookup(segments, null).folderIds();
        }
        if (!known.isEmpty()) {
            return known.get(0);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String parentId = ensure(segments.subList(0, segments.size() - 1));
            Optional<File> made = storage.createFolder(parentId, segments.get(segments.size() - 1));
            if (made.isPresent()) {
                ids.put(String.join("/", segments), List.of(made.get().getId()));
                return made.get().getId();
            }
            ids.clear(); // the parent was deleted meanwhile: nothing cached can be trusted
        }
        throw new StorageException(storage.describe() + ": cannot create the folder " + String.join("/", segments)
                + " in appDataFolder: its parent keeps disappearing (another program is deleting it); sync again");
    }

    /** Forgets every folder: one of them was deleted by another device. */
    synchronized void forgetAll() {
        ids.clear();
    }

    /** Forgets the folders below {@code key} (not the one at it). */
    private void forgetBelow(String key) {
        String below = key.isEmpty() ? "" : key + "/";
        ids.keySet().removeIf(k -> !k.equals(key) && k.startsWith(below));
    }

    /**
     * Every file under the root whose folder could hold the prefix, walking the folders afresh level by
     * level (one query per level), and correcting the cache with what it saw. Sorted by path, then
     * oldest first.
     */
    List<GDriveStorage.Version> walk(String prefix) {
        List<String> rootIds = resolve("", true);
        List<GDriveStorage.Version> out = new ArrayList<>();
        Map<String, List<String>> level = new LinkedHashMap<>();
        if (!rootIds.isEmpty()) {
            level.put("", rootIds);
        }
        while (!level.isEmpty()) {
            Map<String, String> dirOf = new HashMap<>();
            level.forEach((dir, folderIds) -> folderIds.forEach(id -> dirOf.put(id, dir)));
            List<File> children = storage.children(new ArrayList<>(dirOf.keySet()), false, "list " + (prefix.isEmpty()
                    ? "the remote" : prefix));
            Map<String, List<String>> next = new LinkedHashMap<>();
            for (File f : children) {
                String dir = f.getParents() == null ? null : f.getParents().stream().map(dirOf::get)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                if (dir == null || !isPlainName(f.getName())) {
                    continue; // not in a folder we asked about, or a name no chatsync path has
                }
                String path = dir.isEmpty() ? f.getName() : dir + "/" + f.getName();
                if (GDriveStorage.FOLDER.equals(f.getMimeType())) {
                    if (couldHold(path, prefix)) {
                        next.computeIfAbsent(path, p -> new ArrayList<>()).add(f.getId());
                    }
                } else {
                    out.add(new GDriveStorage.Version(path, f));
                }
            }
            synchronized (this) {
                level.keySet().forEach(dir -> forgetBelow(key(dir)));
                next.forEach((dir, folderIds) -> ids.put(key(dir), List.copyOf(folderIds)));
            }
            level = next;
        }
        out.sort(java.util.Comparator.comparing(GDriveStorage.Version::path)
                .thenComparing(GDriveStorage.Version::file, GDriveStorage.OLDEST_FIRST));
        return out;
    }

    private String key(String dir) {
        return String.join("/", absolute(dir));
    }

    private static boolean couldHold(String dir, String prefix) {
        return prefix.startsWith(dir + "/") || (dir + "/").startsWith(prefix);
    }

    private static boolean isPlainName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    private static List<String> ids(List<File> folders) {
        return folders.stream().map(File::getId).toList();
    }
}
