package io.tinywide.chatsync.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * The changes that bring a store from one state of a partition to another: messages to insert or
 * replace, and tombstones to record (each also deleting its message).
 *
 * @param partition  the partition changed
 * @param upserts    messages to insert or replace
 * @param tombstones tombstones to record
 */
public record VaultDelta(PartitionKey partition, List<ChatMessage> upserts, List<Tombstone> tombstones) {

    public VaultDelta {
        Objects.requireNonNull(partition, "partition");
        upserts = List.copyOf(upserts);
        tombstones = List.copyOf(tombstones);
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && tombstones.isEmpty();
    }
}
