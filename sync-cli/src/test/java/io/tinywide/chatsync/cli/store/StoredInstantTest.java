package io.tinywide.chatsync.cli.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredInstantTest {

    @Test
    void readsWhatInstantWritesExactlyAsInstantReadsIt() {
        Random random = new Random(19);
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(-62_135_596_800L, 253_402_300_800L); // years 0001 to 9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(StoredInstant.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
        for (String text : new String[] {"2024-02-29T23:59:59.999999999Z", "2024-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "2024-01-15T10:00:01.5Z", "2024-01-15T10:00:01.50Z"}) {
            assertThat(StoredInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    /** Whatever the fast path does not read is {@link Instant#parse}'s to read or refuse, as before. */
    @Test
    void anythingElseIsReadOrRefusedAsInstantParseDoes() {
        for (String odd : new String[] {"+10000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "2024-01-01 00:00:00Z",
            "2024-0a-01T00:00:00Z", "2024-01-01T00:00:60Z", "yesterday", ""}) {
            Instant expected;
            try {
                expected = Instant.parse(odd);
            } catch (DateTimeParseException refused) {
                assertThatThrownBy(() -> StoredInstant.parse(odd)).as(odd).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(StoredInstant.parse(odd)).as(odd).isEqualTo(expected);
        }
    }
}
