package io.tinywide.chatsync.core.port.in;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@link ChatSyncService#syncMessages sync}.
 *
 * @param remote              where it synced ({@code CloudStorage.describe()})
 * @param partitionsVisited   partitions whose vault was read and merged
 * @param partitionsUploaded  partitions whose vault and manifest were written
 * @param partitionsDownloaded partitions that brought something new to this device
 * @param messagesDown        messages inserted or replaced locally
 * @param tombstonesDown      deletions applied locally
 * @param messagesUp          messages the remote did not have before this sync
 * @param tombstonesUp        deletions the remote did not have before this sync
 * @param conflictsRetried    writes lost to another device and redone after a re-read
 * @param bytesUp             bytes written
 * @param bytesDown           bytes read
 * @param failures            partitions that failed; the others completed
 * @param warnings            things worth a look that did not stop the sync (a rolled-back file)
 * @param cancelled           whether the listener cancelled the sync before it finished
 * @param duration            wall-clock time taken
 */
public record SyncReport(String remote, int partitionsVisited, int partitionsUploaded, int partitionsDownloaded,
                         long messagesDown, long tombstonesDown, long messagesUp, long tombstonesUp,
                         int conflictsRetried, long bytesUp, long bytesDown, List<PartitionFailure> failures,
                         List<String> warnings, boolean cancelled, Duration duration) {

    public SyncReport {
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    /** True when every partition synced and the sync was not cancelled. */
    public boolean isComplete() {
        return failures.isEmpty() && !cancelled;
    }
}
