package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");

    @Test
    void theDocumentedLineFormatDecodes() {
        ChatMessage m = CanonicalJson.decodeMessageLine("in.jsonl line 1", "{\"id\":\"m1\",\"conversation\":"
                + "\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\",\"sentAt\":\"2024-01-15T10:00:00Z\","
                + "\"type\":\"text\",\"text\":\"hi\"}");
        assertThat(m).isEqualTo(ChatMessage.text("m1", "urn:chat:alice-bob", "urn:user:alice",
                Instant.parse("2024-01-15T10:00:00Z"), "hi"));
        assertThat(CanonicalJson.decodeMessageLine("x", CanonicalJson.encodeMessageLine(m))).isEqualTo(m);
    }

    @Test
    void everyMessageOfTheSampleRoundTripsAsALine() {
        for (ChatMessage m : EnvelopeFormatTest.sampleVault().messages()) {
            assertThat(CanonicalJson.decodeMessageLine("x", CanonicalJson.encodeMessageLine(m))).isEqualTo(m);
        }
    }

    @Test
    void badLinesNameTheLineAndTheField() {
        assertThatThrownBy(() -> CanonicalJson.decodeMessageLine("in.jsonl line 7", "{\"id\":\"m1\"}"))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("in.jsonl line 7").hasMessageContaining("missing field 'conversation'");
        assertThatThrownBy(() -> CanonicalJson.decodeMessageLine("in.jsonl line 8", "{\"id\":\"m1\",\"conversation\""
                + ":\"c\",\"sender\":\"s\",\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"colour\":\"red\"}"))
                .hasMessageContaining("line 8").hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> CanonicalJson.decodeMessageLine("in.jsonl line 9", "{\"id\":\"m1\",\"conversation\""
                + ":\"c\",\"sender\":\"s\",\"sentAt\":\"yesterday\",\"type\":\"text\"}"))
                .hasMessageContaining("line 9").hasMessageContaining("sentAt");
        assertThatThrownBy(() -> CanonicalJson.decodeMessageLine("in.jsonl line 10", "{not json"))
                .hasMessageContaining("line 10").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CanonicalJson.decodeMessageLine("l", "{\"id\":\"m1\",\"id\":\"m2\"}"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aBodyOfAnotherMonthOrVersionOrWithStrayEntriesIsRefused() throws Exception {
        byte[] jan = CanonicalJson.encodeVault(EnvelopeFormatTest.sampleVault());
        PartitionKey feb = PartitionKey.parse("2024-02");
        for (byte[] body : List.of(jan, version1(EnvelopeFormatTest.sampleVault()))) {
            assertThat(CanonicalJson.decodeVault("f", JAN, body)).isEqualTo(EnvelopeFormatTest.sampleVault());
            assertThatThrownBy(() -> CanonicalJson.decodeVault("f", feb, body))
                    .isInstanceOfSatisfying(FileFormatException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.MISPLACED));
        }
        String v3 = new String(jan, StandardCharsets.UTF_8).replace("\"formatVersion\":2", "\"formatVersion\":3");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, v3.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION));
        String stray = new String(version1(EnvelopeFormatTest.sampleVault()), StandardCharsets.UTF_8)
                .replace("2024-01-15T10:00:00Z", "2024-05-15T10:00:00Z");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, stray.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("2024-05");
        ObjectNode columns = (ObjectNode) CanonicalJson.MAPPER.readTree(jan);
        ((ArrayNode) columns.get("messages").get("sentAt")).set(0, 130L * 86_400 * 1_000_000_000);
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, CanonicalJson.MAPPER.writeValueAsBytes(columns)))
                .as("a time 130 days into January is in May")
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("2024-05");
    }

    @Test
    void columnsOfTheWrongLengthOrTypeAndUnknownColumnsAreRefused() throws Exception {
        byte[] jan = CanonicalJson.encodeVault(EnvelopeFormatTest.sampleVault());
        ObjectNode shorter = (ObjectNode) CanonicalJson.MAPPER.readTree(jan);
        ((ArrayNode) shorter.get("messages").get("type")).remove(0);
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, CanonicalJson.MAPPER.writeValueAsBytes(shorter)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("column 'type' has 2 values for 3 messages");
        ObjectNode backwards = (ObjectNode) CanonicalJson.MAPPER.readTree(jan);
        ((ArrayNode) backwards.get("messages").get("sentAt")).set(1, -1);
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, CanonicalJson.MAPPER.writeValueAsBytes(backwards)))
                .hasMessageContaining("column 'sentAt' must hold integers of 0 or more");
        ObjectNode unknown = (ObjectNode) CanonicalJson.MAPPER.readTree(jan);
        ((ObjectNode) unknown.get("messages")).putArray("colour");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, CanonicalJson.MAPPER.writeValueAsBytes(unknown)))
                .hasMessageContaining("unknown field 'colour'");
        ObjectNode nullId = (ObjectNode) CanonicalJson.MAPPER.readTree(jan);
        ((ArrayNode) nullId.get("messages").get("id")).set(0, (JsonNode) null);
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, CanonicalJson.MAPPER.writeValueAsBytes(nullId)))
                .hasMessageContaining("column 'id' must hold strings");
    }

    /** The first vault body, one object per message, written from docs/format.md with a plain JSON tree. */
    static byte[] version1(ChatVault vault) throws Exception {
        ObjectNode body = CanonicalJson.MAPPER.createObjectNode();
        body.put("formatVersion", 1);
        body.put("partition", vault.partition().toString());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : vault.messages()) {
            messages.add(CanonicalJson.MAPPER.readTree(CanonicalJson.encodeMessageLine(m)));
        }
        ArrayNode tombstones = body.putArray("tombstones");
        for (Tombstone t : vault.tombstones()) {
            tombstones.addObject().put("messageId", t.messageId()).put("conversation", t.conversation())
                    .put("sentAt", t.sentAt().toString()).put("deletedAt", t.deletedAt().toString());
        }
        return CanonicalJson.MAPPER.writeValueAsBytes(body);
    }
}
