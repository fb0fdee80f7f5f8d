package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code files} resource of Drive API v3 for one account: {@code list}, {@code get} (with
 * {@code alt=media}), {@code create} and {@code update} (metadata only, or with media by
 * {@code uploadType=media}, {@code multipart} or {@code resumable}), and {@code delete}. Files of one
 * name may be many in a folder, as on Drive; every change raises the file's {@code version}, and every
 * new content gets a new {@code headRevisionId}.
 */
final class DriveApi {
    static final String APP_DATA = "appDataFolder";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    private static final Set<String> LIST_FIELDS = Set.of("kind", "nextPageToken", "incompleteSearch", "files");
    private static final String DEFAULT_FILE_FIELDS = "kind,id,name,mimeType";
    private static final String DEFAULT_LIST_FIELDS = "kind,nextPageToken,incompleteSearch,files(" + DEFAULT_FILE_FIELDS
            + ")";

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, DriveFile> files = new LinkedHashMap<>();
    private final Map<String, Upload> uploads = new HashMap<>();
    final String rootId;
    final String appDataId;
    private long versions = 1_000;
    private long quotaBytes = Long.MAX_VALUE;

    /** A resumable upload under way: what to create or update once every byte has arrived. */
    private static final class Upload {
        final String fileId;
        final ObjectNode metadata;
        final String mediaType;
        final String fields;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Upload(String fileId, ObjectNode metadata, String mediaType, String fields) {
            this.fileId = fileId;
            this.metadata = metadata;
            this.mediaType = mediaType;
            this.fields = fields;
        }
    }

    DriveApi(Clock clock) {
        this.clock = clock;
        DriveFile root = folder(newId(), "My Drive", "drive");
        DriveFile appData = folder(newId(), "Application Data", APP_DATA);
        this.rootId = root.id;
        this.appDataId = appData.id;
    }

    private DriveFile folder(String id, String name, String space) {
        DriveFile f = new DriveFile(id, space, now());
        f.name = name;
        f.mimeType = DriveFile.FOLDER;
        f.version = ++versions;
        files.put(id, f);
        return f;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return "1" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String newRevisionId() {
        byte[] b = new byte[30];
        random.nextBytes(b);
        return "0B" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String alias(String id) {
        return switch (id) {
            case "root" -> rootId;
            case APP_DATA -> appDataId;
            default -> id;
        };
    }

    // ---- inspection for tests ----

    synchronized List<FakeDrive.StoredFile> snapshot() {
        return files.values().stream().filter(f -> !f.id.equals(rootId) && !f.id.equals(appDataId))
                .map(f -> new FakeDrive.StoredFile(f.id, f.name, f.mimeType, List.copyOf(f.parents), f.space,
                        f.createdTime, f.version, f.headRevisionId, f.content == null ? null : f.content.clone(),
                        f.trashed))
                .toList();
    }

    synchronized void quota(long bytes) {
        this.quotaBytes = bytes;
    }

    synchronized boolean removeDirectly(String id) {
        DriveFile f = files.get(id);
        if (f == null) {
            return false;
        }
        deleteTree(f);
        return true;
    }

    synchronized boolean renameDirectly(String id, String name) {
        DriveFile f = files.get(id);
        if (f == null) {
            return false;
        }
        f.name = name;
        f.modifiedTime = now();
        f.version = ++versions;
        return true;
    }

    // ---- files.list ----

    void list(Exchange x) throws IOException {
        Set<String> spaces = spaces(x.param("spaces").orElse("drive"));
        int pageSize = x.param("pageSize").map(DriveApi::pageSize).orElse(DEFAULT_PAGE_SIZE);
        String q = x.param("q").orElse("");
        String orderBy = x.param("orderBy").orElse("");
        FieldMask mask = FieldMask.parse(x.param("fields").orElse(DEFAULT_LIST_FIELDS)).validateList(LIST_FIELDS);
        Comparator<DriveFile> order = order(orderBy);
        Predicate<DriveFile> filter = DriveQuery.parse(q, this::alias);
        String fingerprint = Integer.toHexString((q + "|" + spaces + "|" + orderBy).hashCode());
        int offset = x.param("pageToken").map(t -> offset(t, fingerprint)).orElse(0);
        List<ObjectNode> page = new ArrayList<>();
        boolean more;
        synchronized (this) {
            List<DriveFile> matching = files.values().stream()
                    .filter(f -> !f.id.equals(rootId) && !f.id.equals(appDataId))
                    .filter(f -> spaces.contains(f.space)).filter(filter).sorted(order).toList();
            int end = Math.min(matching.size(), offset + pageSize);
            for (int i = offset; i < end; i++) {
                page.add(matching.get(i).toJson());
            }
            more = end < matching.size();
            offset = end;
        }
        ObjectNode out = Exchange.JSON.createObjectNode().put("kind", "drive#fileList");
        if (more) {
            out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (offset + ":" + fingerprint).getBytes(StandardCharsets.UTF_8)));
        }
        out.put("incompleteSearch", false);
        ArrayNode array = out.putArray("files");
        page.forEach(array::add);
        x.json(200, mask.apply(out));
    }

    private static Set<String> spaces(String value) {
        Set<String> out = new java.util.HashSet<>();
        for (String s : value.split(",")) {
            String space = s.trim();
            if (!space.equals("drive") && !space.equals(APP_DATA)) {
                throw DriveError.invalidParameter("spaces", "Invalid Value");
            }
            out.add(space);
        }
        return out;
    }

    private static int pageSize(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw DriveError.invalidParameter("pageSize", "Invalid value '" + value
                        + "'. Values must be within the range: [1, 1000]");
            }
            return Math.min(n, MAX_PAGE_SIZE); // larger values are served as 1000, as Drive does
        } catch (NumberFormatException e) {
            throw DriveError.invalidParameter("pageSize", "Invalid value '" + value + "'");
        }
    }

    private static int offset(String token, String fingerprint) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0 && decoded.substring(colon + 1).equals(fingerprint)) {
                return Integer.parseInt(decoded.substring(0, colon));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw DriveError.invalidParameter("pageToken", "Invalid Value");
    }

    /** {@code orderBy}; without it the order is unspecified (here: by id, which is random), as on Drive. */
    private static Comparator<DriveFile> order(String orderBy) {
        Comparator<DriveFile> order = null;
        if (!orderBy.isBlank()) {
            for (String part : orderBy.split(",")) {
                String[] words = part.trim().split("\\s+");
                Comparator<DriveFile> key = switch (words[0]) {
                    case "createdTime" -> Comparator.comparing(f -> f.createdTime);
                    case "modifiedTime" -> Comparator.comparing(f -> f.modifiedTime);
                    case "name" -> Comparator.comparing(f -> f.name);
                    case "folder" -> Comparator.comparing(f -> !f.isFolder());
                    case "quotaBytesUsed" -> Comparator.comparingLong(DriveFile::size);
                    case "starred" -> Comparator.comparing(f -> !f.starred);
                    default -> throw DriveError.invalidParameter("orderBy", "Invalid Value");
                };
                if (words.length == 2 && words[1].equalsIgnoreCase("desc")) {
                    key = key.reversed();
                } else if (words.length > 1) {
                    throw DriveError.invalidParameter("orderBy", "Invalid Value");
                }
                order = order == null ? key : order.thenComparing(key);
            }
        }
        Comparator<DriveFile> byId = Comparator.comparing(f -> f.id);
        return order == null ? byId : order.thenComparing(byId);
    }

    // ---- files.get ----

    void get(Exchange x, String fileId) throws IOException {
        if ("media".equals(x.param("alt").orElse("json"))) {
            download(x, fileId);
            return;
        }
        FieldMask mask = fileFields(x);
        ObjectNode json;
        synchronized (this) {
            json = existing(fileId).toJson();
        }
        x.json(200, mask.apply(json));
    }

    private static FieldMask fileFields(Exchange x) {
        return FieldMask.parse(x.param("fields").orElse(DEFAULT_FILE_FIELDS)).validateFile();
    }

    private void download(Exchange x, String fileId) throws IOException {
        byte[] content;
        String type;
        synchronized (this) {
            DriveFile f = existing(fileId);
            if (f.isFolder() || f.mimeType.startsWith("application/vnd.google-apps.")) {
                throw new DriveError(403, "global", "fileNotDownloadable", "Only files with binary content can be "
                        + "downloaded. Use Export with Docs Editors files.", "alt", "parameter");
            }
            content = f.content == null ? new byte[0] : f.content;
            type = f.mimeType;
        }
        String range = x.header("Range");
        if (range != null && range.startsWith("bytes=") && content.length > 0) {
            String[] ends = range.substring(6).split("-", 2);
            long start = ends[0].isEmpty() ? Math.max(0, content.length - Long.parseLong(ends[1]))
                    : Long.parseLong(ends[0]);
            long end = ends[0].isEmpty() || ends[1].isEmpty() ? content.length - 1
                    : Math.min(content.length - 1, Long.parseLong(ends[1]));
            if (start < content.length && start <= end) {
                x.http.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + content.length);
                x.send(206, type, Arrays.copyOfRange(content, (int) start, (int) end + 1));
                return;
            }
        }
        x.send(200, type, content);
    }

    private DriveFile existing(String fileId) {
        DriveFile f = files.get(alias(fileId));
        if (f == null) {
            throw DriveError.notFound(fileId);
        }
        return f;
    }

    // ---- files.create and files.update ----

    /** {@code POST /drive/v3/files}: a file or folder of metadata only. */
    void createMetadata(Exchange x) throws IOException {
        FieldMask mask = fileFields(x);
        ObjectNode metadata = x.jsonBody();
        ObjectNode json;
        synchronized (this) {
            json = create(metadata, null, null).toJson();
        }
        x.json(200, mask.apply(json));
    }

    /** {@code PATCH /drive/v3/files/{id}}: metadata only. */
    void updateMetadata(Exchange x, String fileId) throws IOException {
        FieldMask mask = fileFields(x);
        ObjectNode metadata = x.jsonBody();
        ObjectNode json;
        synchronized (this) {
            json = update(existing(fileId), metadata, null, null, x).toJson();
        }
        x.json(200, mask.apply(json));
    }

    /** {@code POST /upload/drive/v3/files} and {@code PATCH /upload/drive/v3/files/{id}}. */
    void upload(Exchange x, String fileId, String endpoint) throws IOException {
        String type = x.param("uploadType").orElseThrow(() -> DriveError.invalidParameter("uploadType",
                "Media type 'null' is not supported. Valid media types: [*/*]"));
        switch (type) {
            case "media" -> finish(x, fileId, Exchange.JSON.createObjectNode(), x.body(), mediaType(x.header("Content-Type")),
                    x.param("fields").orElse(DEFAULT_FILE_FIELDS));
            case "multipart" -> {
                Multipart parts = Multipart.parse(x.header("Content-Type"), x.body());
                finish(x, fileId, parts.metadata(), parts.media(), parts.mediaType(),
                        x.param("fields").orElse(DEFAULT_FILE_FIELDS));
            }
            case "resumable" -> startResumable(x, fileId, endpoint);
            default -> throw DriveError.invalidParameter("uploadType", "Invalid Value");
        }
    }

    private static String mediaType(String contentType) {
        return contentType == null || contentType.isBlank() ? "application/octet-stream"
                : contentType.split(";")[0].trim();
    }

    private void finish(Exchange x, String fileId, ObjectNode metadata, byte[] media, String mediaType, String fields)
            throws IOException {
        FieldMask mask = FieldMask.parse(fields).validateFile();
        ObjectNode json;
        synchronized (this) {
            json = (fileId == null ? create(metadata, media, mediaType)
                    : update(existing(fileId), metadata, media, mediaType, x)).toJson();
        }
        x.json(200, mask.apply(json));
    }

    private void startResumable(Exchange x, String fileId, String endpoint) throws IOException {
        ObjectNode metadata = x.jsonBody();
        String mediaType = x.header("X-Upload-Content-Type");
        String fields = x.param("fields").orElse(DEFAULT_FILE_FIELDS);
        FieldMask.parse(fields).validateFile();
        String uploadId;
        synchronized (this) {
            if (fileId != null) {
                existing(fileId);
            } else {
                parentOf(metadata); // a missing parent is refused before any byte is sent
            }
            uploadId = "AHVrd" + newId();
            uploads.put(uploadId, new Upload(fileId, metadata, mediaType == null ? null : mediaType(mediaType),
                    fields));
        }
        x.http.getResponseHeaders().set("Location", endpoint + "upload/drive/v3/files"
                + (fileId == null ? "" : "/" + fileId) + "?uploadType=resumable&upload_id=" + uploadId);
        x.http.getResponseHeaders().set("X-GUploader-UploadID", uploadId);
        x.empty(200);
    }

    /** {@code PUT} to a resumable session's address: one chunk, or a status query ({@code bytes *}{@code /N}). */
    void resumableChunk(Exchange x) throws IOException {
        String uploadId = x.param("upload_id").orElseThrow(() -> DriveError.badRequest("No upload_id"));
        Upload upload;
        synchronized (this) {
            upload = uploads.get(uploadId);
        }
        if (upload == null) {
            throw new DriveError(404, "global", "notFound", "Upload session not found or expired.", null, null);
        }
        byte[] chunk = x.body();
        String range = x.header("Content-Range");
        long total = -1;
        synchronized (upload) {
            if (range != null && range.startsWith("bytes ")) {
                String spec = range.substring(6).trim();
                int slash = spec.indexOf('/');
                String span = spec.substring(0, slash);
                String size = spec.substring(slash + 1);
                total = size.equals("*") ? -1 : Long.parseLong(size);
                if (!span.equals("*")) {
                    long start = Long.parseLong(span.substring(0, span.indexOf('-')));
                    if (start != upload.received.size()) {
                        throw DriveError.badRequest("Failed to parse Content-Range header.");
                    }
                    upload.received.writeBytes(chunk);
                }
            } else {
                upload.received.writeBytes(chunk);
                total = upload.received.size();
            }
            if (total < 0 || upload.received.size() < total) {
                if (upload.received.size() > 0) {
                    x.http.getResponseHeaders().set("Range", "bytes=0-" + (upload.received.size() - 1));
                }
                x.empty(308);
                return;
            }
        }
        synchronized (this) {
            uploads.remove(uploadId);
        }
        finish(x, upload.fileId, upload.metadata, upload.received.toByteArray(),
                upload.mediaType != null ? upload.mediaType : "application/octet-stream", upload.fields);
    }

    private DriveFile create(ObjectNode metadata, byte[] media, String mediaType) {
        DriveFile parent = parentOf(metadata);
        if (media != null) {
            requireQuota(media.length);
        }
        DriveFile f = new DriveFile(newId(), parent.space, now());
        f.parents.add(parent.id);
        f.name = metadata.path("name").asText("Untitled");
        f.mimeType = metadata.hasNonNull("mimeType") ? metadata.get("mimeType").asText()
                : media != null ? mediaType : "application/octet-stream";
        if (!f.isFolder()) {
            f.content = media == null ? new byte[0] : media.clone();
            f.headRevisionId = newRevisionId();
        }
        f.description = metadata.hasNonNull("description") ? metadata.get("description").asText() : null;
        f.starred = metadata.path("starred").asBoolean(false);
        putAll(f.appProperties, metadata.get("appProperties"));
        putAll(f.properties, metadata.get("properties"));
        f.version = ++versions;
        files.put(f.id, f);
        return f;
    }

    private DriveFile parentOf(ObjectNode metadata) {
        JsonNode parents = metadata.get("parents");
        if (parents == null || parents.isNull() || parents.isEmpty()) {
            return files.get(rootId);
        }
        if (parents.size() > 1) {
            throw new DriveError(403, "global", "cannotAddParent", "Increasing the number of parents is not allowed. "
                    + "A file can only have one parent.", null, null);
        }
        String id = parents.get(0).asText();
        DriveFile parent = files.get(alias(id));
        if (parent == null || !parent.isFolder()) {
            throw DriveError.notFound(id);
        }
        return parent;
    }

    private DriveFile update(DriveFile f, ObjectNode metadata, byte[] media, String mediaType, Exchange x) {
        if (media != null) {
            requireQuota(media.length - f.size());
            f.content = media.clone();
            f.headRevisionId = newRevisionId();
            if (!metadata.hasNonNull("mimeType") && mediaType != null && !f.isFolder()) {
                f.mimeType = mediaType;
            }
        }
        if (metadata.hasNonNull("name")) {
            f.name = metadata.get("name").asText();
        }
        if (metadata.hasNonNull("mimeType")) {
            f.mimeType = metadata.get("mimeType").asText();
        }
        if (metadata.has("description")) {
            f.description = metadata.get("description").isNull() ? null : metadata.get("description").asText();
        }
        if (metadata.has("starred")) {
            f.starred = metadata.get("starred").asBoolean();
        }
        if (metadata.has("trashed")) {
            f.trashed = metadata.get("trashed").asBoolean();
        }
        if (metadata.has("parents")) {
            throw new DriveError(403, "global", "fieldNotWritable", "The resource body includes fields which are not "
                    + "directly writable.", null, null);
        }
        putAll(f.appProperties, metadata.get("appProperties"));
        putAll(f.properties, metadata.get("properties"));
        String add = x.param("addParents").orElse("");
        String remove = x.param("removeParents").orElse("");
        for (String id : remove.split(",")) {
            if (!id.isBlank()) {
                f.parents.remove(alias(id.trim()));
            }
        }
        for (String id : add.split(",")) {
            if (!id.isBlank()) {
                DriveFile parent = files.get(alias(id.trim()));
                if (parent == null || !parent.isFolder()) {
                    throw DriveError.notFound(id.trim());
                }
                if (!f.parents.isEmpty()) {
                    throw new DriveError(403, "global", "cannotAddParent", "Increasing the number of parents is not "
                            + "allowed. A file can only have one parent.", null, null);
                }
                f.parents.add(parent.id);
            }
        }
        f.modifiedTime = now();
        f.version = ++versions;
        return f;
    }

    private static void putAll(Map<String, String> into, JsonNode values) {
        if (values == null || !values.isObject()) {
            return;
        }
        values.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                into.remove(e.getKey());
            } else {
                into.put(e.getKey(), e.getValue().asText());
            }
        });
    }

    private void requireQuota(long more) {
        long used = files.values().stream().mapToLong(DriveFile::size).sum();
        if (more > 0 && used + more > quotaBytes) {
            throw DriveError.quotaExceeded();
        }
    }

    // ---- files.delete ----

    void delete(Exchange x, String fileId) throws IOException {
        synchronized (this) {
            DriveFile f = existing(fileId);
            if (f.id.equals(rootId) || f.id.equals(appDataId)) {
                throw new DriveError(403, "global", "cannotDeleteRootFolder", "The root folder cannot be deleted.",
                        null, null);
            }
            deleteTree(f);
        }
        x.empty(204);
    }

    /** Deleting a folder deletes everything in it, as Drive does for the owner's files. */
    private void deleteTree(DriveFile f) {
        files.remove(f.id);
        for (DriveFile child : List.copyOf(files.values())) {
            if (child.parents.contains(f.id)) {
                deleteTree(child);
            }
        }
    }

    // ---- about ----

    void about(Exchange x) throws IOException {
        long used;
        long limit;
        synchronized (this) {
            used = files.values().stream().mapToLong(DriveFile::size).sum();
            limit = quotaBytes;
        }
        ObjectNode out = Exchange.JSON.createObjectNode().put("kind", "drive#about");
        ObjectNode quota = out.putObject("storageQuota").put("usage", Long.toString(used))
                .put("usageInDrive", Long.toString(used));
        if (limit != Long.MAX_VALUE) {
            quota.put("limit", Long.toString(limit));
        }
        out.putObject("user").put("kind", "drive#user").put("displayName", "Fake User")
                .put("emailAddress", "fake.user@example.com").put("me", true);
        String fields = x.param("fields").orElseThrow(() -> DriveError.badRequest(
                "The 'fields' parameter is required for this method."));
        x.json(200, FieldMask.parse(fields).apply(out));
    }
}
