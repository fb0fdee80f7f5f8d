package io.tinywide.chatsync.core.port.out;

import java.util.Objects;

/**
 * The content of one remote file and the revision it was read at.
 *
 * @param path     the path relative to the storage's root
 * @param bytes    the whole content
 * @param revision the revision of exactly these bytes
 */
public record RemoteObject(String path, byte[] bytes, Revision revision) {
    public RemoteObject {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(revision, "revision");
    }

    @Override
    public String toString() {
        return "RemoteObject[" + path + ", " + bytes.length + " bytes, revision " + revision + "]";
    }
}
