package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One file or folder of the fake account, as Drive's {@code File} resource describes it. Guarded by the account. */
final class DriveFile {
    static final String FOLDER = "application/vnd.google-apps.folder";

    /** The fields of the {@code File} resource the fake knows; asking for another is a 400, as on Drive. */
    static final Set<String> FIELDS = Set.of("kind", "id", "name", "mimeType", "description", "starred", "trashed",
            "explicitlyTrashed", "parents", "properties", "appProperties", "spaces", "version", "createdTime",
            "modifiedTime", "size", "quotaBytesUsed", "md5Checksum", "headRevisionId", "originalFilename",
            "fileExtension", "fullFileExtension", "ownedByMe", "capabilities", "webContentLink");

    final String id;
    String name;
    String mimeType;
    final List<String> parents = new ArrayList<>();
    final String space;
    final Instant createdTime;
    Instant modifiedTime;
    long version;
    String headRevisionId;
    byte[] content;
    boolean trashed;
    boolean starred;
    String description;
    final Map<String, String> appProperties = new TreeMap<>();
    final Map<String, String> properties = new TreeMap<>();

    DriveFile(String id, String space, Instant createdTime) {
        this.id = id;
        this.space = space;
        this.createdTime = createdTime;
        this.modifiedTime = createdTime;
    }

    boolean isFolder() {
        return FOLDER.equals(mimeType);
    }

    long size() {
        return content == null ? 0 : content.length;
    }

    /** The whole resource; the server trims it to the request's {@code fields}. */
    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode().put("kind", "drive#file").put("id", id).put("name", name)
                .put("mimeType", mimeType).put("starred", starred).put("trashed", trashed)
                .put("explicitlyTrashed", trashed)
                // int64 fields are JSON strings in Google's APIs
                .put("version", Long.toString(version))
                .put("createdTime", createdTime.toString()).put("modifiedTime", modifiedTime.toString())
                .put("ownedByMe", true);
        if (description != null) {
            o.put("description", description);
        }
        o.putArray("parents").addAll(parents.stream().map(f::textNode).toList());
        o.putArray("spaces").add(space);
        if (!appProperties.isEmpty()) {
            ObjectNode ap = o.putObject("appProperties");
            appProperties.forEach(ap::put);
        }
        if (!properties.isEmpty()) {
            ObjectNode p = o.putObject("properties");
            properties.forEach(p::put);
        }
        if (!isFolder()) {
            o.put("size", Long.toString(size())).put("quotaBytesUsed", Long.toString(size()))
                    .put("md5Checksum", md5(content == null ? new byte[0] : content))
                    .put("originalFilename", name);
            if (headRevisionId != null) {
                o.put("headRevisionId", headRevisionId);
            }
            int dot = name.indexOf('.');
            if (dot >= 0) {
                o.put("fullFileExtension", name.substring(dot + 1))
                        .put("fileExtension", name.substring(name.lastIndexOf('.') + 1));
            }
        } else {
            o.put("quotaBytesUsed", "0");
        }
        ObjectNode caps = o.putObject("capabilities");
        caps.put("canEdit", true).put("canDelete", true).put("canDownload", true).put("canTrash", true)
                .put("canAddChildren", isFolder());
        return o;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
