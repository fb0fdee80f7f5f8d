package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one vault holds of one conversation, without any content.
 *
 * @param conversation   the conversation URN
 * @param messageCount   live messages of the conversation in the vault
 * @param tombstoneCount deletions of the conversation's messages in the vault
 * @param firstSentAt    the earliest {@code sentAt} among those messages and deletions
 * @param lastSentAt     the latest {@code sentAt} among them
 * @param participants   the senders of the live messages, sorted
 */
public record ConversationSummary(String conversation, int messageCount, int tombstoneCount, Instant firstSentAt,
                                  Instant lastSentAt, List<String> participants) {

    public ConversationSummary {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(firstSentAt, "firstSentAt");
        Objects.requireNonNull(lastSentAt, "lastSentAt");
        participants = List.copyOf(new java.util.TreeSet<>(participants));
    }
}
