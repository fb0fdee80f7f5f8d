package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The small, content-free description of one vault, stored beside it so that a device can learn
 * which months hold a conversation without downloading the vaults.
 *
 * @param partition      the partition described
 * @param generation     the generation of the vault it describes
 * @param vaultDigest    SHA-256 of the vault's canonical plaintext, hex
 * @param messageCount   live messages in the vault
 * @param tombstoneCount tombstones in the vault
 * @param conversations  one summary per conversation, sorted by URN
 */
public record VaultManifest(PartitionKey partition, long generation, String vaultDigest, int messageCount,
                            int tombstoneCount, List<ConversationSummary> conversations) {

    public VaultManifest {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(vaultDigest, "vaultDigest");
        if (generation < 0) {
            throw new IllegalArgumentException("negative generation " + generation);
        }
        List<ConversationSummary> sorted = new ArrayList<>(conversations);
        sorted.sort(java.util.Comparator.comparing(ConversationSummary::conversation));
        conversations = List.copyOf(sorted);
    }

    /** Describes a vault. */
    public static VaultManifest of(ChatVault vault, long generation, String vaultDigest) {
        TreeMap<String, Builder> byConversation = new TreeMap<>();
        for (ChatMessage m : vault.messages()) {
            byConversation.computeIfAbsent(m.conversation(), Builder::new).addMessage(m);
        }
        for (Tombstone t : vault.tombstones()) {
            byConversation.computeIfAbsent(t.conversation(), Builder::new).addTombstone(t);
        }
        List<ConversationSummary> summaries = byConversation.values().stream().map(Builder::build).toList();
        return new VaultManifest(vault.partition(), generation, vaultDigest, vault.messageCount(),
                vault.tombstoneCount(), summaries);
    }

    /**
     * Whether this manifest describes the vault at that generation with that digest: the one test
     * of a manifest against its vault, for the sync that repairs a stale one and for verification.
     */
    public boolean describes(long vaultGeneration, String digest) {
        return generation == vaultGeneration && vaultDigest.equals(digest);
    }

    /** Whether the vault holds any message or deletion of the conversation. */
    public boolean holds(String conversation) {
        return summary(conversation).isPresent();
    }

    public Optional<ConversationSummary> summary(String conversation) {
        return conversations.stream().filter(c -> c.conversation().equals(conversation)).findFirst();
    }

    private static final class Builder {
        private final String conversation;
        private final TreeSet<String> participants = new TreeSet<>();
        private int messages;
        private int tombstones;
        private Instant first;
        private Instant last;

        Builder(String conversation) {
            this.conversation = conversation;
        }

        void addMessage(ChatMessage m) {
            messages++;
            participants.add(m.sender());
            see(m.sentAt());
        }

        void addTombstone(Tombstone t) {
            tombstones++;
            see(t.sentAt());
        }

        private void see(Instant at) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }

        ConversationSummary build() {
            return new ConversationSummary(conversation, messages, tombstones, first, last, List.copyOf(participants));
        }
    }
}
