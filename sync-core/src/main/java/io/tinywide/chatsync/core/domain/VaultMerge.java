package io.tinywide.chatsync.core.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merge of two states of one partition: a state-based CRDT.
 *
 * <ul>
 *   <li>tombstones are the union; for one id the earliest {@code deletedAt} is kept;</li>
 *   <li>a tombstoned id is never live again (remove wins over any edit);</li>
 *   <li>for one live id the higher {@link EditVersion} wins; equal versions with different content
 *       (which a correct {@link HybridClock} never produces) are ordered by content, so the result
 *       does not depend on argument order.</li>
 * </ul>
 *
 * <p>So merge is commutative, associative and idempotent, and replicas that exchange states in any
 * order converge. Two entries that disagree on a message's identity ({@link MessageIdentity}) are
 * a {@link VaultDataException}: picking either could move a message to another month or
 * conversation.
 */
public final class VaultMerge {

    private static final Comparator<String> NULLABLE = Comparator.nullsFirst(Comparator.naturalOrder());

    /** A total order on message content, used only to break ties between equal versions. */
    private static final Comparator<ChatMessage> CONTENT_ORDER = Comparator
            .comparing(ChatMessage::type)
            .thenComparing(ChatMessage::text, NULLABLE)
            .thenComparing(ChatMessage::status, NULLABLE)
            .thenComparing((a, b) -> Arrays.compare(a.payload(), b.payload()))
            .thenComparing(ChatMessage::tags, VaultMerge::compareTags)
            .thenComparing(ChatMessage::receipts, VaultMerge::compareReceipts);

    private VaultMerge() {
    }

    /*
     * Tags and receipts are compared element by element, never through a joined or printed form:
     * two different contents that print alike (tags [a, b] and ["a\u0000b"], a receipt value that
     * contains ", ") would otherwise tie, and the winner would depend on argument order.
     */
    private static int compareTags(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareReceipts(Map<String, String> a, Map<String, String> b) {
        // Both maps are sorted by key (ChatMessage copies them into TreeMaps).
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> ea = ia.next();
            Map.Entry<String, String> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = NULLABLE.compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * Merges two states of the same partition.
     *
     * @throws IllegalArgumentException if the partitions differ
     * @throws VaultDataException       if the states disagree on a message's identity
     */
    public static ChatVault merge(ChatVault a, ChatVault b) {
        if (!a.partition().equals(b.partition())) {
            throw new IllegalArgumentException("cannot merge partition " + a.partition() + " with " + b.partition());
        }
        // A first backup merges every month with an absent remote one: nothing to copy. Vaults are
        // immutable and always normalised, so the other one is the merge.
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        TreeMap<String, Tombstone> tombstones = new TreeMap<>(a.tombstonesById());
        b.tombstonesById().forEach((id, t) -> tombstones.merge(id, t, VaultMerge::earlierDeletion));

        TreeMap<String, ChatMessage> messages = new TreeMap<>();
        mergeLive(a.messagesById(), tombstones, messages);
        mergeLive(b.messagesById(), tombstones, messages);
        return ChatVault.trusted(a.partition(), messages, tombstones);
    }

    private static void mergeLive(Map<String, ChatMessage> from, Map<String, Tombstone> tombstones,
                                  TreeMap<String, ChatMessage> into) {
        for (ChatMessage m : from.values()) {
            Tombstone t = tombstones.get(m.id());
            if (t != null) {
                MessageIdentity.requireSame(t, m);
            } else {
                into.merge(m.id(), m, VaultMerge::newerVersion);
            }
        }
    }

    /**
     * What a store holding {@code from} must do to hold {@code to}: the messages to insert or
     * replace, and the tombstones to add (each deleting its message if present).
     */
    public static VaultDelta diff(ChatVault from, ChatVault to) {
        if (from == to) {
            return new VaultDelta(to.partition(), List.of(), List.of());
        }
        List<ChatMessage> upserts = new ArrayList<>();
        for (ChatMessage m : to.messages()) {
            ChatMessage old = from.messagesById().get(m.id());
            if (!m.equals(old)) {
                upserts.add(m);
            }
        }
        List<Tombstone> tombstones = new ArrayList<>();
        for (Tombstone t : to.tombstonesById().values()) {
            if (!t.equals(from.tombstonesById().get(t.messageId()))) {
                tombstones.add(t);
            }
        }
        return new VaultDelta(to.partition(), upserts, tombstones);
    }

    /**
     * Of two copies of one message, the one the merge keeps: the higher {@link EditVersion}, or on
     * equal versions the greater content, so the choice does not depend on argument order.
     *
     * @throws VaultDataException if they are not one message ({@link MessageIdentity})
     */
    public static ChatMessage newerVersion(ChatMessage a, ChatMessage b) {
        MessageIdentity.requireSame(a, b);
        int byVersion = a.version().compareTo(b.version());
        if (byVersion != 0) {
            return byVersion > 0 ? a : b;
        }
        return CONTENT_ORDER.compare(a, b) >= 0 ? a : b;
    }

    /**
     * Of two deletions of one message, the one the merge keeps: the earlier.
     *
     * @throws VaultDataException if they name different messages ({@link MessageIdentity})
     */
    public static Tombstone earlierDeletion(Tombstone a, Tombstone b) {
        MessageIdentity.requireSame(a, b);
        return a.deletedAt().compareTo(b.deletedAt()) <= 0 ? a : b;
    }
}
