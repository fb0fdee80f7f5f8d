package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One listing of a remote root, grouped by partition. Files that are not partition files (the
 * keyring, junk of other tools) are ignored. A storage without unique paths may list one file
 * several times, once per version; each is kept, so that the engine merges them all.
 */
final class RemoteListing {
    private final NavigableMap<PartitionKey, Files> partitions = new TreeMap<>();

    RemoteListing(List<RemoteEntry> entries) {
        for (RemoteEntry e : entries) {
            PartitionKey.parseFilePath(e.path()).ifPresent(ref -> {
                Files f = partitions.computeIfAbsent(ref.partition(), k -> new Files(new ArrayList<>(),
                        new ArrayList<>()));
                (ref.kind() == PartitionKey.FileKind.VAULT ? f.vaults() : f.manifests()).add(e.revision());
            });
        }
    }

    NavigableMap<PartitionKey, Files> partitions() {
        return partitions;
    }

    Files files(PartitionKey key) {
        return partitions.getOrDefault(key, Files.NONE);
    }

    /** The most recent {@code n} partitions that have a vault remotely. */
    List<PartitionKey> mostRecentVaults(int n) {
        return partitions.descendingMap().entrySet().stream()
                .filter(e -> e.getValue().hasVault())
                .limit(n)
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    /**
     * The listed files of one partition, as revisions: one per version (several only on a storage
     * without unique paths).
     *
     * @param vaults    the vault's versions, in listing order; empty if there is no vault
     * @param manifests the manifest's versions, in listing order; empty if there is no manifest
     */
    record Files(List<Revision> vaults, List<Revision> manifests) {
        static final Files NONE = new Files(List.of(), List.of());

        boolean hasVault() {
            return !vaults.isEmpty();
        }

        /** Whether the vault is one file at this revision; never when it is absent or in several versions. */
        boolean vaultIs(Revision revision) {
            return vaults.size() == 1 && vaults.get(0).equals(revision);
        }

        /**
         * Whether the vault is as this device last saw it: absent when {@code known} is {@code null},
         * else one file at that revision.
         */
        boolean vaultIsStill(Revision known) {
            return known == null ? vaults.isEmpty() : vaultIs(known);
        }

        /** Whether the manifest is one file at this revision. */
        boolean manifestIs(Revision revision) {
            return manifests.size() == 1 && manifests.get(0).equals(revision);
        }
    }
}
