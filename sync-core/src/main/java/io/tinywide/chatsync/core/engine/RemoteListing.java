package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One listing of a remote root, grouped by partition. Files that are not partition files (the
 * keyring, junk of other tools) are ignored; so is a second file for one path, which only
 * providers without unique paths report and which they resolve themselves.
 */
final class RemoteListing {
    private final NavigableMap<PartitionKey, Files> partitions = new TreeMap<>();

    RemoteListing(List<RemoteEntry> entries) {
        for (RemoteEntry e : entries) {
            PartitionKey.parseFilePath(e.path()).ifPresent(ref -> {
                Files f = partitions.getOrDefault(ref.partition(), Files.NONE);
                partitions.put(ref.partition(), ref.kind() == PartitionKey.FileKind.VAULT
                        ? new Files(e, f.manifest()) : new Files(f.vault(), e));
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
                .filter(e -> e.getValue().vault() != null)
                .limit(n)
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    /**
     * The listed files of one partition.
     *
     * @param vault    the vault entry, or {@code null}
     * @param manifest the manifest entry, or {@code null}
     */
    record Files(RemoteEntry vault, RemoteEntry manifest) {
        static final Files NONE = new Files(null, null);

        Optional<Revision> vaultRevision() {
            return Optional.ofNullable(vault).map(RemoteEntry::revision);
        }

        Optional<Revision> manifestRevision() {
            return Optional.ofNullable(manifest).map(RemoteEntry::revision);
        }
    }
}
