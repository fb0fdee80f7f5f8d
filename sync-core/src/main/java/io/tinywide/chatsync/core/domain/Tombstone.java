package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The deletion of one message. It lives in the partition of the message it deletes (decided by
 * {@code sentAt}), never in the month the deletion was made, and once merged it keeps that id
 * deleted forever: remove wins over any edit.
 *
 * @param messageId    the id of the deleted message
 * @param conversation the conversation of the deleted message
 * @param sentAt       the deleted message's {@code sentAt}
 * @param deletedAt    when it was deleted; for one id the earliest deletion is kept
 */
public record Tombstone(String messageId, String conversation, Instant sentAt, Instant deletedAt) {

    public Tombstone {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversation, "conversation");
        PartitionKey.of(Objects.requireNonNull(sentAt, "sentAt")); // fails early if no partition can hold it
        Objects.requireNonNull(deletedAt, "deletedAt");
        if (messageId.isBlank() || conversation.isBlank()) {
            throw new IllegalArgumentException("tombstone needs a message id and a conversation");
        }
    }

    public PartitionKey partition() {
        return PartitionKey.of(sentAt);
    }
}
