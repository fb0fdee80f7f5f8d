package io.tinywide.chatsync.core.port.out;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;

import java.util.Map;
import java.util.Optional;

/**
 * What a device remembers about each remote between syncs: for every partition, the revisions it
 * last saw, the highest generation it saw, the local version it last synced, and the cached
 * manifest. Remotes are told apart by {@link CloudStorage#describe()}.
 *
 * <p>Losing this state never loses data: the next sync simply visits more partitions. It is saved
 * per partition, only after that partition's remote write succeeded.
 */
public interface SyncStateStore {

    /** Everything remembered about one remote, by partition. */
    Map<PartitionKey, PartitionState> load(String remote);

    /** Remembers the state of one partition of one remote, atomically. */
    void save(String remote, PartitionKey partition, PartitionState state);

    /**
     * What a device knows of one remote partition.
     *
     * @param vaultRevision      the revision of the vault file last read or written; {@code null}
     *                           if none was seen
     * @param manifestRevision   the revision of the manifest file last read or written; {@code null}
     *                           if none was seen
     * @param generation         the highest generation seen for this partition
     * @param syncedLocalVersion the local version ({@link LocalMessageStore#partitionVersions()})
     *                           whose content the remote is known to hold; -1 if never synced
     * @param held               whether this device holds the partition, i.e. has synced or restored
     *                           it and so keeps it in sync from now on
     * @param manifest           the cached manifest; {@code null} if never read
     */
    record PartitionState(Revision vaultRevision, Revision manifestRevision, long generation,
                          long syncedLocalVersion, boolean held, VaultManifest manifest) {

        /** The state of a partition never seen. */
        public static final PartitionState UNKNOWN = new PartitionState(null, null, 0, -1, false, null);

        public Optional<VaultManifest> cachedManifest() {
            return Optional.ofNullable(manifest);
        }
    }
}
