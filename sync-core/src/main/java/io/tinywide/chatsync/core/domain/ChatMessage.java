package io.tinywide.chatsync.core.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One message of a conversation, in one version.
 *
 * <p>{@code id}, {@code conversation}, {@code sender} and {@code sentAt} identify the message and
 * never change; an edit produces a new {@code ChatMessage} with the same id and a higher
 * {@link EditVersion}. Collections are copied into sorted, immutable form so that equal messages
 * encode to equal bytes.
 *
 * @param id           stable id, unique across the whole history
 * @param conversation conversation URN, for example {@code urn:chat:alice-bob}
 * @param sender       sender URN
 * @param sentAt       when it was sent; decides the partition
 * @param type         message type, for example {@code text}
 * @param text         the text, or {@code null}
 * @param payload      opaque bytes (attachments, app data); empty when none
 * @param status       delivery status, or {@code null}
 * @param tags         tags, sorted and without duplicates
 * @param receipts     receipts by participant URN, sorted by key
 * @param version      the edit version that orders concurrent edits
 */
public record ChatMessage(
        String id,
        String conversation,
        String sender,
        Instant sentAt,
        String type,
        String text,
        byte[] payload,
        String status,
        List<String> tags,
        Map<String, String> receipts,
        EditVersion version) {

    private static final byte[] NO_PAYLOAD = new byte[0];

    /** Orders messages as the encoding does: by (sentAt, id). */
    public static final Comparator<ChatMessage> BY_TIME_THEN_ID =
            Comparator.comparing(ChatMessage::sentAt).thenComparing(ChatMessage::id);

    public ChatMessage {
        id = requireText(id, "id");
        conversation = requireText(conversation, "conversation");
        sender = requireText(sender, "sender");
        PartitionKey.of(Objects.requireNonNull(sentAt, "sentAt")); // fails early if no partition can hold it
        type = requireText(type, "type");
        // Most messages have no payload, tags or receipts: share the empty ones rather than copy them.
        payload = payload == null || payload.length == 0 ? NO_PAYLOAD : payload.clone();
        tags = tags == null || tags.isEmpty() ? List.of() : List.copyOf(new TreeSet<>(tags));
        receipts = receipts == null || receipts.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(receipts));
        version = version == null ? EditVersion.INITIAL : version;
    }

    /** A plain text message in its first version. */
    public static ChatMessage text(String id, String conversation, String sender, Instant sentAt, String text) {
        return new ChatMessage(id, conversation, sender, sentAt, "text", text, null, null, null, null, null);
    }

    public PartitionKey partition() {
        return PartitionKey.of(sentAt);
    }

    /** The payload bytes (a copy). */
    @Override
    public byte[] payload() {
        return payload.length == 0 ? payload : payload.clone();
    }

    /** This message with different content, at a new version. */
    public ChatMessage edited(String newText, EditVersion newVersion) {
        return new ChatMessage(id, conversation, sender, sentAt, type, newText, payload, status, tags, receipts,
                newVersion);
    }

    /** This message with another version stamp and otherwise the same content. */
    public ChatMessage withVersion(EditVersion newVersion) {
        return new ChatMessage(id, conversation, sender, sentAt, type, text, payload, status, tags, receipts,
                newVersion);
    }

    /** Whether two messages carry the same content, ignoring their versions. */
    public boolean sameContent(ChatMessage o) {
        return withVersion(EditVersion.INITIAL).equals(o.withVersion(EditVersion.INITIAL));
    }

    /** The tombstone that deletes this message. */
    public Tombstone tombstone(Instant deletedAt) {
        return new Tombstone(id, conversation, sentAt, deletedAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMessage m
                && id.equals(m.id) && conversation.equals(m.conversation) && sender.equals(m.sender)
                && sentAt.equals(m.sentAt) && type.equals(m.type) && Objects.equals(text, m.text)
                && Arrays.equals(payload, m.payload) && Objects.equals(status, m.status)
                && tags.equals(m.tags) && receipts.equals(m.receipts) && version.equals(m.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, conversation, sender, sentAt, type, text, Arrays.hashCode(payload), status, tags,
                receipts, version);
    }

    @Override
    public String toString() {
        return "ChatMessage[id=" + id + ", conversation=" + conversation + ", sender=" + sender + ", sentAt="
                + sentAt + ", type=" + type + ", text=" + text + ", payload="
                + Base64.getEncoder().encodeToString(payload) + ", status=" + status + ", tags=" + tags
                + ", receipts=" + receipts + ", version=" + version + "]";
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
