package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYRING_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.VAULT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the fuzz tests found, each as a plain example beside its reproducer in the corpus: every one
 * was an unchecked exception of the JDK or of a value type escaping a decoder, and is now a clear
 * error that names the file.
 */
class FuzzFindingsTest {
    private static final String KEYRING = new String(KEYS.newKeyring(), StandardCharsets.UTF_8);

    @Test
    void aCiphertextTooShortToHoldItsTagIsTamperedNotAProviderException() {
        // The JDK's AES-GCM throws a ProviderException (ShortBufferException) for fewer than 16 bytes.
        String file = new String(FORMAT.sealVault(EnvelopeFormatTest.sampleVault(), 1).bytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"ciphertext\":\"[^\"]*\"", "\"ciphertext\":\"AAECAwQFBgcICQoLDA4=\"");
        assertThatThrownBy(() -> FORMAT.openVault(VAULT_PATH, JAN, file.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.TAMPERED);
                    assertThat(e.path()).isEqualTo(VAULT_PATH);
                });
    }

    @Test
    void aWrappedKeyOfAnyLengthButAKeysIsRefusedBeforeAnyDerivation() {
        for (String ciphertext : new String[] {"yFIXSgCRS1LI9ePHQeoS", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="}) {
            String keyring = KEYRING.replaceFirst("\"wrappedKey\":\"[^\"]*\"", "\"wrappedKey\":\"" + ciphertext + "\"");
            assertThatThrownBy(() -> KEYS.unlock(KEYRING_PATH, keyring.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(FileFormatException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.TAMPERED);
                        assertThat(e.path()).isEqualTo(KEYRING_PATH);
                    })
                    .hasMessageContaining("wrapped key").hasMessageNotContaining("passphrase");
        }
    }

    @Test
    void aNumberWithAnExponentTooLargeForBigDecimalIsCorruptNotANumberFormatException() {
        // Jackson's BigDecimal parser throws a NumberFormatException, not a JsonProcessingException.
        byte[] json = "{\"format\":\"chatsync\",\"formatVersion\":4e44944444444}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FORMAT.openVault(VAULT_PATH, JAN, json))
                .isInstanceOfSatisfying(FileFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
                    assertThat(e.path()).isEqualTo(VAULT_PATH);
                });
        assertThatThrownBy(() -> KEYS.unlock(KEYRING_PATH, json))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT));
    }
}
