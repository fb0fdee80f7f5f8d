package io.tinywide.chatsync.core.domain;

import java.util.Comparator;
import java.util.Objects;

/**
 * The version of one state of a message, used only to order edits: a hybrid-logical timestamp
 * (see {@link HybridClock}) and the id of the device that made the edit.
 *
 * <p>Versions are ordered by timestamp, then device id, so two devices never produce equal
 * versions for different edits unless a device reuses a timestamp, which {@link HybridClock}
 * prevents.
 *
 * @param timestamp hybrid-logical timestamp: physical milliseconds shifted left 16 bits plus a
 *                  logical counter; 0 for the original, never-edited message
 * @param deviceId  the device that produced this version; empty for the original
 */
public record EditVersion(long timestamp, String deviceId) implements Comparable<EditVersion> {

    /** The version of a message as first sent, before any edit. */
    public static final EditVersion INITIAL = new EditVersion(0, "");

    private static final Comparator<EditVersion> ORDER =
            Comparator.comparingLong(EditVersion::timestamp).thenComparing(EditVersion::deviceId);

    public EditVersion {
        Objects.requireNonNull(deviceId, "deviceId");
        if (timestamp < 0) {
            throw new IllegalArgumentException("negative edit timestamp: " + timestamp);
        }
    }

    @Override
    public int compareTo(EditVersion o) {
        return ORDER.compare(this, o);
    }
}
