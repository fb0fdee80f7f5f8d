package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The vault body of version 2: the messages as columns, one array per field, instead of one object
 * per message. A month's ids sit together, its texts together, its times as small numbers, and no
 * field name repeats per message, so the same history compresses about a fifth smaller and encodes
 * faster.
 *
 * <pre>{@code
 * {"formatVersion":2,"partition":"2024-01",
 *  "messages":{"id":["m1","m2"],"conversation":["urn:chat:ab","urn:chat:ab"],
 *              "sender":["urn:user:a","urn:user:b"],"sentAt":[1245600000000000,1500000000],
 *              "type":["text","image"],"text":["hi",null],"payload":[null,"AAEC/w=="]},
 *  "tombstones":[{"messageId":"m0","conversation":"urn:chat:ab","sentAt":"2024-01-01T00:00:00Z",
 *                 "deletedAt":"2024-03-01T00:00:00Z"}]}
 * }</pre>
 *
 * <p>Canonical, like version 1: messages by (sentAt, id); {@code sentAt} in nanoseconds since the
 * previous message (the first: since the month began), so never negative; the optional columns
 * {@code text}, {@code payload}, {@code status}, {@code tags}, {@code receipts} and the edit version
 * {@code editedAt}/{@code editedBy} are left out when no message has a value, and hold {@code null}
 * (0 for {@code editedAt}) where one message has none; tags sorted, receipts by key. Tombstones are
 * version 1's objects.
 */
final class VaultColumns {
    static final int BODY_VERSION = 2;

    private VaultColumns() {
    }

    /** Writes a vault's canonical version-2 body. */
    static void write(JsonGenerator g, ChatVault vault) throws IOException {
        List<ChatMessage> messages = vault.messages();
        g.writeStartObject();
        g.writeNumberField("formatVersion", BODY_VERSION);
        g.writeStringField("partition", vault.partition().toString());
        g.writeObjectFieldStart("messages");
        strings(g, "id", messages, ChatMessage::id);
        strings(g, "conversation", messages, ChatMessage::conversation);
        strings(g, "sender", messages, ChatMessage::sender);
        g.writeArrayFieldStart("sentAt");
        Instant previous = vault.partition().start();
        for (ChatMessage m : messages) {
            g.writeNumber(Duration.between(previous, m.sentAt()).toNanos());
            previous = m.sentAt();
        }
        g.writeEndArray();
        strings(g, "type", messages, ChatMessage::type);
        if (any(messages, m -> m.text() != null)) {
            strings(g, "text", messages, ChatMessage::text);
        }
        if (any(messages, m -> m.payload().length > 0)) {
            strings(g, "payload", messages, m -> m.payload().length == 0 ? null
                    : Base64.getEncoder().encodeToString(m.payload()));
        }
        if (any(messages, m -> m.status() != null)) {
            strings(g, "status", messages, ChatMessage::status);
        }
        if (any(messages, m -> !m.tags().isEmpty())) {
            g.writeArrayFieldStart("tags");
            for (ChatMessage m : messages) {
                if (m.tags().isEmpty()) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (String tag : m.tags()) {
                        g.writeString(tag);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndArray();
        }
        if (any(messages, m -> !m.receipts().isEmpty())) {
            g.writeArrayFieldStart("receipts");
            for (ChatMessage m : messages) {
                if (m.receipts().isEmpty()) {
                    g.writeNull();
                } else {
                    g.writeStartObject();
                    for (Map.Entry<String, String> r : m.receipts().entrySet()) {
                        g.writeStringField(r.getKey(), r.getValue());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
        }
        if (any(messages, m -> !m.version().equals(EditVersion.INITIAL))) {
            g.writeArrayFieldStart("editedAt");
            for (ChatMessage m : messages) {
                g.writeNumber(m.version().timestamp());
            }
            g.writeEndArray();
            strings(g, "editedBy", messages, m -> m.version().equals(EditVersion.INITIAL) ? null
                    : m.version().deviceId());
        }
        g.writeEndObject();
        CanonicalJson.writeTombstones(g, vault.tombstones());
        g.writeEndObject();
    }

    private static boolean any(List<ChatMessage> messages, Predicate<ChatMessage> test) {
        for (ChatMessage m : messages) {
            if (test.test(m)) {
                return true;
            }
        }
        return false;
    }

    private static void strings(JsonGenerator g, String name, List<ChatMessage> messages,
                                Function<ChatMessage, String> field) throws IOException {
        g.writeArrayFieldStart(name);
        for (ChatMessage m : messages) {
            String value = field.apply(m);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(value);
            }
        }
        g.writeEndArray();
    }

    /**
     * Reads a version-2 body whose version and partition were checked by the caller.
     *
     * @param where for messages
     */
    static ChatVault read(String where, PartitionKey partition, Fields body) {
        Fields columns = body.member("messages");
        List<JsonNode> ids = columns.array("id");
        int n = ids.size();
        // Conversations, senders and types repeat through a month: one String each, not one per message.
        Map<String, String> shared = new HashMap<>();
        List<String> id = texts(where, "id", ids, n, false, null);
        List<String> conversation = texts(where, "conversation", columns.array("conversation"), n, false, shared);
        List<String> sender = texts(where, "sender", columns.array("sender"), n, false, shared);
        List<JsonNode> sentAt = sized(where, "sentAt", columns.array("sentAt"), n);
        List<String> type = texts(where, "type", columns.array("type"), n, false, shared);
        List<String> text = texts(where, "text", columns.optionalArray("text"), n, true, null);
        List<String> payload = texts(where, "payload", columns.optionalArray("payload"), n, true, null);
        List<String> status = texts(where, "status", columns.optionalArray("status"), n, true, shared);
        List<JsonNode> tags = sized(where, "tags", columns.optionalArray("tags"), n);
        List<JsonNode> receipts = sized(where, "receipts", columns.optionalArray("receipts"), n);
        List<JsonNode> editedAt = sized(where, "editedAt", columns.optionalArray("editedAt"), n);
        List<String> editedBy = texts(where, "editedBy", columns.optionalArray("editedBy"), n, true, shared);
        columns.done();

        List<ChatMessage> messages = new ArrayList<>(n);
        Instant at = partition.start();
        for (int i = 0; i < n; i++) {
            at = at.plusNanos(nonNegative(where, "sentAt", sentAt.get(i)));
            long edited = editedAt.isEmpty() ? 0 : nonNegative(where, "editedAt", editedAt.get(i));
            String by = editedBy.isEmpty() ? null : editedBy.get(i);
            EditVersion version = edited == 0 && by == null ? EditVersion.INITIAL
                    : new EditVersion(edited, by == null ? "" : by);
            messages.add(new ChatMessage(id.get(i), conversation.get(i), sender.get(i), at, type.get(i),
                    text.isEmpty() ? null : text.get(i), payload.isEmpty() ? null : payload(where, payload.get(i)),
                    status.isEmpty() ? null : status.get(i), tags.isEmpty() ? null : tags(where, tags.get(i)),
                    receipts.isEmpty() ? null : receipts(where, receipts.get(i)), version));
        }
        List<Tombstone> tombstones = CanonicalJson.readTombstones(where, body);
        return ChatVault.of(partition, messages, tombstones);
    }

    private static List<JsonNode> sized(String where, String name, List<JsonNode> column, int n) {
        if (!column.isEmpty() && column.size() != n) {
            throw new Fields.Bad(where, "column '" + name + "' has " + column.size() + " values for " + n
                    + " messages");
        }
        return column;
    }

    /** A column of strings; {@code null}s only where {@code nullable}. Empty if the column is absent. */
    private static List<String> texts(String where, String name, List<JsonNode> column, int n, boolean nullable,
                                      Map<String, String> shared) {
        sized(where, name, column, n);
        List<String> out = new ArrayList<>(column.size());
        for (JsonNode v : column) {
            if (v.isNull() && nullable) {
                out.add(null);
            } else if (v.isTextual()) {
                out.add(shared == null ? v.textValue() : shared.computeIfAbsent(v.textValue(), Function.identity()));
            } else {
                throw new Fields.Bad(where, "column '" + name + "' must hold strings" + (nullable ? " or nulls" : ""));
            }
        }
        return out;
    }

    private static long nonNegative(String where, String name, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new Fields.Bad(where, "column '" + name + "' must hold integers of 0 or more");
        }
        return v.longValue();
    }

    private static byte[] payload(String where, String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Fields.Bad(where, "column 'payload' holds a value that is not base64");
        }
    }

    private static List<String> tags(String where, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new Fields.Bad(where, "column 'tags' must hold arrays of strings or nulls");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode tag : v) {
            if (!tag.isTextual()) {
                throw new Fields.Bad(where, "column 'tags' must hold arrays of strings or nulls");
            }
            out.add(tag.textValue());
        }
        return out;
    }

    private static Map<String, String> receipts(String where, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new Fields.Bad(where, "column 'receipts' must hold objects of strings or nulls");
        }
        Map<String, String> out = new HashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new Fields.Bad(where, "column 'receipts' must hold objects of strings or nulls");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
