package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one rule of message identity: an id names one message for ever. Every copy of it, live or
 * deleted, on any device, agrees on its {@code sentAt} (and so on its partition) and its
 * conversation; every live copy also agrees on its sender. Only content and version may differ.
 *
 * <p>The merge, the stores and the command line's import all ask here. Two copies that disagree
 * are data to refuse, never to choose between: either choice could move a message to another month
 * or conversation. Callers word the refusal for their reader; {@link #requireSame} words it for
 * data that met in a merge.
 */
public final class MessageIdentity {
    private MessageIdentity() {
    }

    /** The identity fields, in the order they are compared. */
    public enum Field { SENT_AT, CONVERSATION, SENDER }

    /**
     * Two copies of one id that disagree.
     *
     * @param id    the message id
     * @param field the first field, in {@link Field} order, on which they differ
     */
    public record Conflict(String id, Field field) { }

    /** How two copies of one message id differ in identity; empty if they are one message. */
    public static Optional<Conflict> conflict(ChatMessage a, ChatMessage b) {
        return compare(Key.of(a), Key.of(b));
    }

    /** How a deletion and a live copy of one message id differ in identity; empty if they agree. */
    public static Optional<Conflict> conflict(Tombstone deletion, ChatMessage message) {
        return compare(Key.of(deletion), Key.of(message));
    }

    /** How two deletions of one message id differ in identity; empty if they agree. */
    public static Optional<Conflict> conflict(Tombstone a, Tombstone b) {
        return compare(Key.of(a), Key.of(b));
    }

    /** @throws VaultDataException if the two copies are not one message */
    public static void requireSame(ChatMessage a, ChatMessage b) {
        if (conflict(a, b).isPresent()) {
            throw new VaultDataException("message id " + a.id() + " is used for two different messages: (conversation "
                    + a.conversation() + ", sender " + a.sender() + ", sentAt " + a.sentAt() + ") and (conversation "
                    + b.conversation() + ", sender " + b.sender() + ", sentAt " + b.sentAt() + ")");
        }
    }

    /** @throws VaultDataException if the deletion names another message than this one */
    public static void requireSame(Tombstone deletion, ChatMessage message) {
        if (conflict(deletion, message).isPresent()) {
            throw new VaultDataException("tombstone of " + deletion.messageId() + " (conversation "
                    + deletion.conversation() + ", sentAt " + deletion.sentAt() + ") does not match the message "
                    + "(conversation " + message.conversation() + ", sentAt " + message.sentAt() + ")");
        }
    }

    /** @throws VaultDataException if the two deletions name different messages */
    public static void requireSame(Tombstone a, Tombstone b) {
        if (conflict(a, b).isPresent()) {
            throw new VaultDataException("message " + a.messageId() + " is deleted twice with different identities: "
                    + a + " and " + b);
        }
    }

    /** What a copy says of its message's identity; a deletion does not name the sender. */
    private record Key(String id, Instant sentAt, String conversation, String sender) {
        static Key of(ChatMessage m) {
            return new Key(m.id(), m.sentAt(), m.conversation(), m.sender());
        }

        static Key of(Tombstone t) {
            return new Key(t.messageId(), t.sentAt(), t.conversation(), null);
        }
    }

    private static Optional<Conflict> compare(Key a, Key b) {
        if (!a.id().equals(b.id())) {
            throw new IllegalArgumentException("identities of two ids compared: " + a.id() + " and " + b.id());
        }
        Field differs = null;
        if (!a.sentAt().equals(b.sentAt())) {
            differs = Field.SENT_AT;
        } else if (!a.conversation().equals(b.conversation())) {
            differs = Field.CONVERSATION;
        } else if (a.sender() != null && b.sender() != null && !Objects.equals(a.sender(), b.sender())) {
            differs = Field.SENDER;
        }
        return Optional.ofNullable(differs).map(field -> new Conflict(a.id(), field));
    }
}
