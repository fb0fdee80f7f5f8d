package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.ConversationSummary;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical plaintext JSON of vaults, manifests and single messages.
 *
 * <p>Canonical means: fields in a fixed order, messages by (sentAt, id), tombstones by id,
 * conversations by URN, tags and receipts sorted, instants in ISO-8601 UTC, empty optional fields
 * left out. So equal states encode to equal bytes, and "did anything change" is a byte comparison.
 *
 * <p>Decoding is strict: a missing or unknown field, a wrong type, an unknown body version, or an
 * entry of another partition is a {@link FileFormatException} naming the file (or line) and the
 * field. Nothing is guessed.
 *
 * <p>The message object, also one line of the command line's JSON Lines:
 * {@code {"id":"m1","conversation":"urn:chat:alice-bob","sender":"urn:user:alice",
 * "sentAt":"2024-01-15T10:00:00Z","type":"text","text":"hi"}}, with optional {@code payload}
 * (base64), {@code status}, {@code tags} (array), {@code receipts} (object of strings), and the edit
 * version {@code editedAt} (hybrid-logical timestamp, an integer) with {@code editedBy} (device id),
 * present only on edited messages.
 */
public final class CanonicalJson {
    /**
     * The version of the manifest body and of the first vault body (one object per message), inside
     * the encrypted part; vaults are written in {@link VaultColumns}' version 2 now.
     */
    public static final int BODY_VERSION = 1;

    /**
     * Readers accept every string and name that writers produce: a document is bounded before it is
     * parsed (a file by {@link CodecOptions#maxFileSize()}, a body by the decompression limit, a line
     * by the importer), so Jackson's own caps on one string (20 million characters) or one name must
     * not refuse a month that chatsync itself wrote, such as one whose ciphertext is 30 MB of base64.
     * The nesting and number-length caps stay: chatsync never writes deep or long numbers.
     */
    private static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE)
            .maxNameLength(Integer.MAX_VALUE)
            .build();

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(READ_LIMITS)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private CanonicalJson() {
    }

    // ---- vaults ----

    /** The canonical bytes of a vault, in the body version written now ({@link VaultColumns}). */
    public static byte[] encodeVault(ChatVault vault) {
        return write(g -> VaultColumns.write(g, vault));
    }

    /**
     * Decodes a vault body of either version: 1 (one object per message) or 2 ({@link VaultColumns}).
     *
     * @param where    the file, for messages
     * @param expected the partition the file must hold
     */
    public static ChatVault decodeVault(String where, PartitionKey expected, byte[] json) {
        return guard(where, () -> {
            Fields f = Fields.of(parse(where, json), where);
            long version = f.number("formatVersion");
            if (version != BODY_VERSION && version != VaultColumns.BODY_VERSION) {
                throw unsupported(where, version, BODY_VERSION + " and " + VaultColumns.BODY_VERSION);
            }
            checkPartition(where, expected, f.text("partition"));
            if (version == VaultColumns.BODY_VERSION) {
                ChatVault vault = VaultColumns.read(where, expected, f);
                f.done();
                return vault;
            }
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode n : f.array("messages")) {
                messages.add(readMessage(Fields.of(n, where)));
            }
            List<Tombstone> tombstones = readTombstones(where, f);
            f.done();
            return ChatVault.of(expected, messages, tombstones);
        });
    }

    static void writeTombstones(JsonGenerator g, List<Tombstone> tombstones) throws IOException {
        g.writeArrayFieldStart("tombstones");
        for (Tombstone t : tombstones) {
            g.writeStartObject();
            g.writeStringField("messageId", t.messageId());
            g.writeStringField("conversation", t.conversation());
            g.writeStringField("sentAt", t.sentAt().toString());
            g.writeStringField("deletedAt", t.deletedAt().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static List<Tombstone> readTombstones(String where, Fields body) {
        List<Tombstone> tombstones = new ArrayList<>();
        for (JsonNode n : body.array("tombstones")) {
            Fields t = Fields.of(n, where);
            tombstones.add(new Tombstone(t.text("messageId"), t.text("conversation"), t.instant("sentAt"),
                    t.instant("deletedAt")));
            t.done();
        }
        return tombstones;
    }

    /** SHA-256 of a vault's canonical bytes, hex. */
    public static String digest(byte[] canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---- manifests ----

    /** The canonical bytes of a manifest. */
    public static byte[] encodeManifest(VaultManifest m) {
        return write(g -> writeManifest(g, m));
    }

    static void writeManifest(JsonGenerator g, VaultManifest m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("formatVersion", BODY_VERSION);
        g.writeStringField("partition", m.partition().toString());
        g.writeNumberField("generation", m.generation());
        g.writeStringField("vaultDigest", m.vaultDigest());
        g.writeNumberField("messageCount", m.messageCount());
        g.writeNumberField("tombstoneCount", m.tombstoneCount());
        g.writeArrayFieldStart("conversations");
        for (ConversationSummary c : m.conversations()) {
            g.writeStartObject();
            g.writeStringField("conversation", c.conversation());
            g.writeNumberField("messageCount", c.messageCount());
            g.writeNumberField("tombstoneCount", c.tombstoneCount());
            g.writeStringField("firstSentAt", c.firstSentAt().toString());
            g.writeStringField("lastSentAt", c.lastSentAt().toString());
            g.writeArrayFieldStart("participants");
            for (String p : c.participants()) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Decodes a manifest body of the expected partition. */
    public static VaultManifest decodeManifest(String where, PartitionKey expected, byte[] json) {
        return guard(where, () -> {
            Fields f = Fields.of(parse(where, json), where);
            checkVersion(where, f.number("formatVersion"));
            checkPartition(where, expected, f.text("partition"));
            long generation = f.number("generation");
            String digest = f.text("vaultDigest");
            int messages = f.count("messageCount");
            int tombstones = f.count("tombstoneCount");
            List<ConversationSummary> conversations = new ArrayList<>();
            for (JsonNode n : f.array("conversations")) {
                Fields c = Fields.of(n, where);
                conversations.add(new ConversationSummary(c.text("conversation"), c.count("messageCount"),
                        c.count("tombstoneCount"), c.instant("firstSentAt"), c.instant("lastSentAt"),
                        c.optionalStrings("participants")));
                c.done();
            }
            f.done();
            return new VaultManifest(expected, generation, digest, messages, tombstones, conversations);
        });
    }

    // ---- single messages (JSON Lines) ----

    /** One message as one line of JSON, without a line break. */
    public static String encodeMessageLine(ChatMessage m) {
        return new String(write(g -> writeMessage(g, m)), StandardCharsets.UTF_8);
    }

    /**
     * Decodes one line of JSON Lines into a message.
     *
     * @param where for messages, such as {@code history.jsonl line 12}
     * @throws FileFormatException naming {@code where} and the field at fault
     */
    public static ChatMessage decodeMessageLine(String where, String line) {
        return guard(where, () -> {
            Fields f = Fields.of(parse(where, line.getBytes(StandardCharsets.UTF_8)), where);
            return readMessage(f);
        });
    }

    // ---- shared ----

    private static void writeMessage(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", m.id());
        g.writeStringField("conversation", m.conversation());
        g.writeStringField("sender", m.sender());
        g.writeStringField("sentAt", m.sentAt().toString());
        g.writeStringField("type", m.type());
        if (m.text() != null) {
            g.writeStringField("text", m.text());
        }
        byte[] payload = m.payload();
        if (payload.length > 0) {
            g.writeStringField("payload", Base64.getEncoder().encodeToString(payload));
        }
        if (m.status() != null) {
            g.writeStringField("status", m.status());
        }
        if (!m.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (String t : m.tags()) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        if (!m.receipts().isEmpty()) {
            g.writeObjectFieldStart("receipts");
            for (Map.Entry<String, String> r : m.receipts().entrySet()) {
                g.writeStringField(r.getKey(), r.getValue());
            }
            g.writeEndObject();
        }
        if (!m.version().equals(EditVersion.INITIAL)) {
            g.writeNumberField("editedAt", m.version().timestamp());
            g.writeStringField("editedBy", m.version().deviceId());
        }
        g.writeEndObject();
    }

    private static ChatMessage readMessage(Fields f) {
        String id = f.text("id");
        String conversation = f.text("conversation");
        String sender = f.text("sender");
        var sentAt = f.instant("sentAt");
        String type = f.text("type");
        String text = f.optionalText("text");
        byte[] payload = f.optionalBase64("payload");
        String status = f.optionalText("status");
        List<String> tags = f.optionalStrings("tags");
        Map<String, String> receipts = f.optionalStringMap("receipts");
        long editedAt = f.optionalNumber("editedAt", 0);
        String editedBy = f.optionalText("editedBy");
        f.done();
        EditVersion version = editedAt == 0 && editedBy == null
                ? EditVersion.INITIAL : new EditVersion(editedAt, editedBy == null ? "" : editedBy);
        return new ChatMessage(id, conversation, sender, sentAt, type, text, payload, status, tags, receipts, version);
    }

    static JsonNode parse(String where, byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null) {
                throw new Fields.Bad(where, "empty document");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new Fields.Bad(where, "not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            // Jackson's BigDecimal parser reports a number it cannot hold (1e99999999999) this way.
            throw new Fields.Bad(where, "not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new Fields.Bad(where, "not valid JSON: " + e.getMessage());
        }
    }

    private static void checkVersion(String where, long version) {
        if (version != BODY_VERSION) {
            throw unsupported(where, version, String.valueOf(BODY_VERSION));
        }
    }

    private static FileFormatException unsupported(String where, long version, String known) {
        return new FileFormatException(where, Problem.UNSUPPORTED_VERSION, "body format version " + version
                + " is not supported by this chatsync (it reads version " + known
                + "); upgrade chatsync on this device");
    }

    private static void checkPartition(String where, PartitionKey expected, String actual) {
        if (!expected.toString().equals(actual)) {
            throw new FileFormatException(where, Problem.MISPLACED, "holds partition " + actual + ", but its path says "
                    + expected + "; the file was moved or copied to the wrong month");
        }
    }

    /** Turns structural and domain errors into {@link FileFormatException}s naming the file. */
    private static <T> T guard(String where, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (Fields.Bad e) {
            throw new FileFormatException(e.where, Problem.CORRUPT, e.detail);
        } catch (VaultDataException e) {
            throw new FileFormatException(where, Problem.CORRUPT,
                    e.getMessage(), e);
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException
                 | java.time.DateTimeException e) {
            throw new FileFormatException(where, Problem.CORRUPT, "invalid value: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** Writes JSON to a stream, leaving the stream open. */
    static void writeTo(java.io.OutputStream out, Writer body) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
        }
    }
}
