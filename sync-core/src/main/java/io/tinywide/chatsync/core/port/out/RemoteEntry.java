package io.tinywide.chatsync.core.port.out;

import java.util.Objects;

/**
 * One file found by {@link CloudStorage#list(String)}.
 *
 * @param path     the path relative to the storage's root, with {@code /} separators
 * @param size     the size in bytes
 * @param revision the revision of the file as listed
 */
public record RemoteEntry(String path, long size, Revision revision) {
    public RemoteEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(revision, "revision");
    }
}
