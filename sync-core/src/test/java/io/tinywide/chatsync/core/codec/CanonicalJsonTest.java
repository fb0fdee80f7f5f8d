package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
    void aBodyOfAnotherMonthOrVersionOrWithStrayEntriesIsRefused() {
        byte[] jan = CanonicalJson.encodeVault(EnvelopeFormatTest.sampleVault());
        PartitionKey feb = PartitionKey.parse("2024-02");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", feb, jan))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISPLACED));
        String v2 = new String(jan, StandardCharsets.UTF_8).replace("\"formatVersion\":1", "\"formatVersion\":2");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, v2.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION));
        String stray = new String(jan, StandardCharsets.UTF_8).replace("2024-01-15T10:00:00Z", "2024-05-15T10:00:00Z");
        assertThatThrownBy(() -> CanonicalJson.decodeVault("f", JAN, stray.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("2024-05");
    }
}
