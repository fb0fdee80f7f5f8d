package io.tinywide.chatsync.core.domain;

import java.time.Clock;
import java.util.Objects;

/**
 * A hybrid-logical clock that issues strictly increasing {@link EditVersion}s for one device.
 *
 * <p>Wall-clock time keeps versions meaningful across devices; the logical part keeps them
 * increasing when the wall clock stalls or steps back, and {@link #observe(EditVersion)} lifts the
 * clock above versions seen from other devices, so an edit made after seeing another one always
 * wins over it.
 */
public final class HybridClock {
    private static final int LOGICAL_BITS = 16;

    private final Clock clock;
    private final String deviceId;
    private long last;

    public HybridClock(Clock clock, String deviceId) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
    }

    /** The next version for an edit made on this device now. */
    public synchronized EditVersion next() {
        long physical = clock.millis() << LOGICAL_BITS;
        last = Math.max(last + 1, physical);
        return new EditVersion(last, deviceId);
    }

    /** Moves the clock past a version seen from elsewhere. */
    public synchronized void observe(EditVersion seen) {
        last = Math.max(last, seen.timestamp());
    }

    public String deviceId() {
        return deviceId;
    }
}
