package io.tinywide.chatsync.core.port.out;

import java.util.Objects;

/**
 * An opaque token that identifies one stored version of one remote file (an ETag, a Dropbox
 * {@code rev}, a Drive version, a content digest). It changes on every write of the path and is
 * only ever compared for equality.
 *
 * @param value the provider's token, never blank
 */
public record Revision(String value) {
    public Revision {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("revision must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
