package io.tinywide.chatsync.core.store;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.SyncStateStore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A {@link SyncStateStore} held in memory: thread-safe, lost with the process. */
public final class InMemorySyncStateStore implements SyncStateStore {
    private final Map<String, TreeMap<PartitionKey, PartitionState>> byRemote = new HashMap<>();

    @Override
    public synchronized Map<PartitionKey, PartitionState> load(String remote) {
        return new TreeMap<>(byRemote.getOrDefault(remote, new TreeMap<>()));
    }

    @Override
    public synchronized void save(String remote, PartitionKey partition, PartitionState state) {
        byRemote.computeIfAbsent(remote, r -> new TreeMap<>()).put(partition, state);
    }
}
