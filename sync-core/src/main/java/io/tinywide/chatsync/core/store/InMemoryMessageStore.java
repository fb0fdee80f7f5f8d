package io.tinywide.chatsync.core.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.MessageIdentity;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link LocalMessageStore} held in memory, one {@link ChatVault} per partition.
 *
 * <p>For tests and small embedders: it is thread-safe and keeps every rule of the port, but
 * nothing survives the process. Every change replaces a partition's vault with its merge, so the
 * store obeys exactly the merge rules of {@link VaultMerge}.
 */
public final class InMemoryMessageStore implements LocalMessageStore {
    private final TreeMap<PartitionKey, ChatVault> partitions = new TreeMap<>();
    private final Map<PartitionKey, Long> versions = new HashMap<>();
    private final Map<String, PartitionKey> partitionOfId = new HashMap<>();

    @Override
    public synchronized void save(ChatMessage message) {
        PartitionKey key = message.partition();
        requireOneIdentity(message);
        change(key, ChatVault.of(key, List.of(message), List.of()));
    }

    @Override
    public synchronized void delete(Tombstone tombstone) {
        PartitionKey key = tombstone.partition();
        requireOneIdentity(tombstone);
        change(key, ChatVault.of(key, List.of(), List.of(tombstone)));
    }

    @Override
    public synchronized Applied apply(VaultDelta delta) {
        long before = versions.getOrDefault(delta.partition(), 0L);
        delta.upserts().forEach(this::requireOneIdentity);
        delta.tombstones().forEach(this::requireOneIdentity);
        change(delta.partition(), ChatVault.of(delta.partition(), delta.upserts(), delta.tombstones()));
        return new Applied(before, versions.getOrDefault(delta.partition(), 0L));
    }

    @Override
    public synchronized Optional<ChatMessage> message(String id) {
        PartitionKey key = partitionOfId.get(id);
        return key == null ? Optional.empty() : partitions.get(key).message(id);
    }

    @Override
    public synchronized List<ChatMessage> conversation(String conversationUrn) {
        List<ChatMessage> result = new ArrayList<>();
        for (ChatVault vault : partitions.values()) {
            for (ChatMessage m : vault.messages()) {
                if (m.conversation().equals(conversationUrn)) {
                    result.add(m);
                }
            }
        }
        return result;
    }

    @Override
    public synchronized SortedMap<PartitionKey, Long> partitionVersions() {
        return new TreeMap<>(versions);
    }

    @Override
    public synchronized LocalPartition load(PartitionKey partition) {
        return new LocalPartition(partitions.getOrDefault(partition, ChatVault.empty(partition)),
                versions.getOrDefault(partition, 0L));
    }

    private void change(PartitionKey key, ChatVault incoming) {
        ChatVault current = partitions.getOrDefault(key, ChatVault.empty(key));
        ChatVault merged = VaultMerge.merge(current, incoming);
        if (!merged.equals(current)) {
            partitions.put(key, merged);
            versions.merge(key, 1L, Long::sum);
            merged.messages().forEach(m -> partitionOfId.put(m.id(), key));
            merged.tombstones().forEach(t -> partitionOfId.put(t.messageId(), key));
        }
    }

    /*
     * An id names one message across the whole history (MessageIdentity). Within one month the
     * merge checks it; a copy stored in another month is looked up here.
     */
    private void requireOneIdentity(ChatMessage incoming) {
        storedElsewhere(incoming.id(), incoming.partition()).ifPresent(v -> {
            v.message(incoming.id()).ifPresent(stored -> MessageIdentity.requireSame(stored, incoming));
            v.tombstone(incoming.id()).ifPresent(stored -> MessageIdentity.requireSame(stored, incoming));
        });
    }

    private void requireOneIdentity(Tombstone incoming) {
        storedElsewhere(incoming.messageId(), incoming.partition()).ifPresent(v -> {
            v.message(incoming.messageId()).ifPresent(stored -> MessageIdentity.requireSame(incoming, stored));
            v.tombstone(incoming.messageId()).ifPresent(stored -> MessageIdentity.requireSame(stored, incoming));
        });
    }

    private Optional<ChatVault> storedElsewhere(String id, PartitionKey key) {
        PartitionKey known = partitionOfId.get(id);
        return known == null || known.equals(key) ? Optional.empty() : Optional.of(partitions.get(known));
    }
}
