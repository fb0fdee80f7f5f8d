package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.crypto.PassphraseKdf;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import java.util.Base64;
import java.util.Optional;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYRING_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.MAX_FUZZED_ITERATIONS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.PASSPHRASE;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.base64;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.integer;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.jsonObject;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.text;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.unlockOrClearError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyrings whose fields are fuzzed but whose wrapped key is authentic under the fixture's
 * passphrase, so the fuzzer reaches what runs after the key is unwrapped: a "key" of any length,
 * a key id that names another key.
 *
 * <p>An input is a keyring in the clear: its {@code wrappedKey.ciphertext} holds the base64 of the
 * raw vault key, which the harness wraps as the writer would (PBKDF2 of the passphrase with the
 * keyring's own parameters, AES-GCM with its nonce, the canonical header as associated data).
 * Inputs without those fields are unlocked as they are.
 */
class SealedKeyringFuzzTest {
    @FuzzTest
    void sealedKeyring(byte[] input) throws Exception {
        FuzzInput.fuzz(input, () -> {
            byte[] file = seal(input).orElse(input);
            if (KeyringFuzzTest.costlierThanFuzzing(file)) {
                return;
            }
            unlockOrClearError(KEYRING_PATH, () -> KEYS.unlock(KEYRING_PATH, file)).ifPresent(format -> {
                var vault = EnvelopeFormatTest.sampleVault();
                assertThat(format.openVault(JAN.vaultPath(), JAN, format.sealVault(vault, 1).bytes()).vault())
                        .as("an unlocked keyring yields a working key").isEqualTo(vault);
            });
        });
    }

    private static Optional<byte[]> seal(byte[] input) {
        return jsonObject(input).flatMap(keyring -> {
            JsonNode kdf = keyring.get("kdf");
            JsonNode wrappedKey = keyring.get("wrappedKey");
            Optional<String> keyId = text(keyring, "keyId");
            Optional<String> name = text(kdf, "name").filter(KdfParams.PBKDF2_SHA256::equals);
            Optional<Long> iterations = integer(kdf, "iterations").filter(i -> i >= 1 && i <= MAX_FUZZED_ITERATIONS);
            Optional<byte[]> salt = base64(kdf, "salt").filter(s -> s.length > 0); // the JDK's PBKDF2 needs one
            Optional<byte[]> nonce = base64(wrappedKey, "nonce").filter(n -> n.length == Aead.NONCE_LENGTH);
            Optional<byte[]> rawKey = base64(wrappedKey, "ciphertext");
            if (keyId.isEmpty() || name.isEmpty() || iterations.isEmpty() || salt.isEmpty() || nonce.isEmpty()
                    || rawKey.isEmpty() || !(wrappedKey instanceof ObjectNode)) {
                return Optional.empty();
            }
            KdfParams params = new KdfParams(name.get(), iterations.get().intValue(), salt.get());
            byte[] wrapped = Aead.seal(PassphraseKdf.derive(PASSPHRASE, params), nonce.get(),
                    PassphraseKeys.associatedData(keyId.get(), params), rawKey.get());
            ObjectNode sealed = keyring.deepCopy();
            ((ObjectNode) sealed.get("wrappedKey")).put("ciphertext", Base64.getEncoder().encodeToString(wrapped));
            return Optional.of(FuzzFixtures.write(sealed));
        });
    }
}
