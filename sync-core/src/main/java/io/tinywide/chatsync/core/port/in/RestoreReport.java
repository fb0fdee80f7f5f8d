package io.tinywide.chatsync.core.port.in;

import io.tinywide.chatsync.core.domain.PartitionKey;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a {@link ChatSyncService#restoreVaultForDate restore}.
 *
 * @param partitionsFetched the partitions whose vault was downloaded
 * @param messagesApplied   messages inserted or replaced locally
 * @param tombstonesApplied deletions applied locally
 * @param manifestsRead     manifest files downloaded (cached ones are not counted)
 * @param bytesDown         bytes read
 * @param failures          partitions that could not be restored
 * @param duration          wall-clock time taken
 */
public record RestoreReport(List<PartitionKey> partitionsFetched, long messagesApplied, long tombstonesApplied,
                            int manifestsRead, long bytesDown, List<PartitionFailure> failures, Duration duration) {

    public RestoreReport {
        partitionsFetched = List.copyOf(partitionsFetched);
        failures = List.copyOf(failures);
    }

    public boolean isComplete() {
        return failures.isEmpty();
    }
}
