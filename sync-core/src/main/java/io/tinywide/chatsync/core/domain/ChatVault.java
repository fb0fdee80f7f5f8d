package io.tinywide.chatsync.core.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one monthly partition: its live messages and its tombstones, each by id.
 *
 * <p>Immutable. A vault is always normalised: every entry belongs to its partition, a tombstoned
 * id is never live (remove wins), and a tombstone and a message that name one id agree on its
 * conversation and {@code sentAt}. {@link #messages()} are ordered by (sentAt, id) and
 * {@link #tombstones()} by id, the order in which they are encoded, so equal vaults encode to equal
 * bytes.
 */
public final class ChatVault {
    private final PartitionKey partition;
    private final NavigableMap<String, ChatMessage> messagesById;
    private final NavigableMap<String, Tombstone> tombstonesById;
    private final List<ChatMessage> messagesInOrder;

    private ChatVault(PartitionKey partition, NavigableMap<String, ChatMessage> messages,
                      NavigableMap<String, Tombstone> tombstones) {
        this.partition = partition;
        this.tombstonesById = Collections.unmodifiableNavigableMap(tombstones);
        messages.keySet().removeAll(tombstones.keySet());
        this.messagesById = Collections.unmodifiableNavigableMap(messages);
        List<ChatMessage> ordered = new ArrayList<>(messages.values());
        ordered.sort(ChatMessage.BY_TIME_THEN_ID);
        this.messagesInOrder = Collections.unmodifiableList(ordered);
    }

    /** An empty vault for a partition. */
    public static ChatVault empty(PartitionKey partition) {
        return new ChatVault(Objects.requireNonNull(partition, "partition"), new TreeMap<>(), new TreeMap<>());
    }

    /**
     * A vault of the given entries. Duplicate message ids keep the higher version and duplicate
     * tombstones the earliest deletion, exactly as {@link VaultMerge} does.
     *
     * @throws VaultDataException if an entry belongs to another partition or two entries disagree
     *                            on a message's identity
     */
    public static ChatVault of(PartitionKey partition, Collection<ChatMessage> messages,
                               Collection<Tombstone> tombstones) {
        Objects.requireNonNull(partition, "partition");
        TreeMap<String, Tombstone> tombs = new TreeMap<>();
        for (Tombstone t : tombstones) {
            requirePartition(partition, t.partition(), "tombstone of " + t.messageId());
            tombs.merge(t.messageId(), t, VaultMerge::earlierDeletion);
        }
        TreeMap<String, ChatMessage> live = new TreeMap<>();
        for (ChatMessage m : messages) {
            requirePartition(partition, m.partition(), "message " + m.id());
            live.merge(m.id(), m, VaultMerge::newerVersion);
        }
        for (Map.Entry<String, ChatMessage> e : live.entrySet()) {
            Tombstone t = tombs.get(e.getKey());
            if (t != null) {
                MessageIdentity.requireSame(t, e.getValue());
            }
        }
        return new ChatVault(partition, live, tombs);
    }

    public PartitionKey partition() {
        return partition;
    }

    /** Live messages ordered by (sentAt, id). */
    public List<ChatMessage> messages() {
        return messagesInOrder;
    }

    /** Tombstones ordered by message id. */
    public List<Tombstone> tombstones() {
        return List.copyOf(tombstonesById.values());
    }

    public Optional<ChatMessage> message(String id) {
        return Optional.ofNullable(messagesById.get(id));
    }

    public Optional<Tombstone> tombstone(String id) {
        return Optional.ofNullable(tombstonesById.get(id));
    }

    public boolean isDeleted(String id) {
        return tombstonesById.containsKey(id);
    }

    public int messageCount() {
        return messagesById.size();
    }

    public int tombstoneCount() {
        return tombstonesById.size();
    }

    public boolean isEmpty() {
        return messagesById.isEmpty() && tombstonesById.isEmpty();
    }

    /** This vault with one message added or replaced (if its version is higher). */
    public ChatVault with(ChatMessage message) {
        return VaultMerge.merge(this, of(partition, List.of(message), List.of()));
    }

    /** This vault with one more tombstone. */
    public ChatVault with(Tombstone tombstone) {
        return VaultMerge.merge(this, of(partition, List.of(), List.of(tombstone)));
    }

    NavigableMap<String, ChatMessage> messagesById() {
        return messagesById;
    }

    NavigableMap<String, Tombstone> tombstonesById() {
        return tombstonesById;
    }

    static ChatVault trusted(PartitionKey partition, TreeMap<String, ChatMessage> messages,
                             TreeMap<String, Tombstone> tombstones) {
        return new ChatVault(partition, messages, tombstones);
    }

    private static void requirePartition(PartitionKey expected, PartitionKey actual, String what) {
        if (!expected.equals(actual)) {
            throw new VaultDataException(what + " belongs to partition " + actual + ", not " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatVault v && partition.equals(v.partition)
                && messagesById.equals(v.messagesById) && tombstonesById.equals(v.tombstonesById);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, messagesById, tombstonesById);
    }

    @Override
    public String toString() {
        return "ChatVault[" + partition + ", " + messagesById.size() + " messages, " + tombstonesById.size()
                + " tombstones]";
    }
}
