package io.tinywide.chatsync.core.port.in;

import io.tinywide.chatsync.core.domain.PartitionKey;

/**
 * Receives the progress of a sync and may cancel it. Called from the sync's worker threads, so
 * implementations must be thread-safe and quick. Every method has a do-nothing default.
 */
public interface SyncListener {

    /** A listener that ignores everything. */
    SyncListener NONE = new SyncListener() { };

    /** The listing is done and this many partitions will be visited. */
    default void started(String remote, int partitionsToVisit) {
    }

    /** One partition finished, successfully or not. */
    default void partitionDone(PartitionKey partition, PartitionOutcome outcome) {
    }

    /** Something worth a look that does not stop the sync. */
    default void warning(String message) {
    }

    /**
     * Polled between steps; once it returns true, partitions not yet started are skipped and the
     * report says the sync was cancelled. Partitions already writing finish, so nothing is left
     * half-done.
     */
    default boolean isCancelled() {
        return false;
    }

    /** What happened to one partition. */
    enum PartitionOutcome { UNCHANGED, DOWNLOADED, UPLOADED, UPLOADED_AND_DOWNLOADED, FAILED, SKIPPED }
}
