package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.VAULT_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader's JSON limits are the format's ({@link CodecOptions}), not Jackson's defaults: a file
 * the writer accepts is a file the reader accepts.
 */
class JsonLimitsTest {
    @Test
    void aFileWithAStringLongerThanJacksonsDefaultLimitReadsBack() {
        // 16 MiB that gzip cannot shrink: a ciphertext of some 22 million base64 characters, over
        // Jackson's default maxStringLength (20,000,000) and under maxFileSize (64 MiB).
        byte[] payload = new byte[16 << 20];
        new Random(1).nextBytes(payload);
        ChatVault vault = ChatVault.of(JAN, List.of(new ChatMessage("m1", "urn:chat:ab", "urn:user:a",
                Instant.parse("2024-01-15T10:00:00Z"), "file", null, payload, null, List.of(), Map.of(),
                EditVersion.INITIAL)), List.of());
        VaultFormat.SealedVault sealed = FORMAT.sealVault(vault, 1);
        assertThat(sealed.bytes().length).isGreaterThan(20_000_000).isLessThan((int) FORMAT.maxFileSize());
        assertThat(FORMAT.openVault(VAULT_PATH, JAN, sealed.bytes()).vault()).isEqualTo(vault);
    }
}
