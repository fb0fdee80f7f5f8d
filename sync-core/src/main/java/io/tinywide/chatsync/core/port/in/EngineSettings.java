package io.tinywide.chatsync.core.port.in;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link ChatSyncService}, given to {@code ChatSync.builder().settings(...)}. The defaults
 * suit a phone or a desktop on a home connection.
 *
 * @param eagerMonths        how many of the most recent remote months a sync always fetches,
 *                           held or not; older months arrive on demand
 * @param parallelism        how many partitions are read, merged and written at once, at most: a small
 *                           heap gets fewer (one per 64 MiB of the JVM's maximum heap), since each holds
 *                           a month in memory
 * @param maxConflictRetries how many times one partition is re-read and re-merged after losing a
 *                           conditional write to another device, before it is reported as failed
 * @param conflictBackoff    the first pause before such a retry; it doubles each time, with jitter
 * @param clock              the clock for durations in reports
 */
public record EngineSettings(int eagerMonths, int parallelism, int maxConflictRetries, Duration conflictBackoff,
                             Clock clock) {

    /** 3 eager months, 4 partitions at once, 6 conflict retries from 25 ms. */
    public static final EngineSettings DEFAULTS =
            new EngineSettings(3, 4, 6, Duration.ofMillis(25), Clock.systemUTC());

    public EngineSettings {
        if (eagerMonths < 0) {
            throw new IllegalArgumentException("eagerMonths must be >= 0: " + eagerMonths);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        if (maxConflictRetries < 0) {
            throw new IllegalArgumentException("maxConflictRetries must be >= 0: " + maxConflictRetries);
        }
        Objects.requireNonNull(conflictBackoff, "conflictBackoff");
        Objects.requireNonNull(clock, "clock");
    }

    public EngineSettings withEagerMonths(int months) {
        return new EngineSettings(months, parallelism, maxConflictRetries, conflictBackoff, clock);
    }

    public EngineSettings withParallelism(int threads) {
        return new EngineSettings(eagerMonths, threads, maxConflictRetries, conflictBackoff, clock);
    }

    public EngineSettings withMaxConflictRetries(int retries) {
        return new EngineSettings(eagerMonths, parallelism, retries, conflictBackoff, clock);
    }
}
