package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import java.math.BigInteger;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYRING_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.MAX_FUZZED_ITERATIONS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.jsonObject;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.unlockOrClearError;

/**
 * Any bytes as {@code keyring.json}, unlocked with the fixture's passphrase: what a hostile storage
 * can put there. The result is a vault format, a {@code FileFormatException} naming the keyring, or
 * a {@code WrongPassphraseException}; nothing else.
 */
class KeyringFuzzTest {
    @FuzzTest
    void keyring(byte[] file) throws Exception {
        FuzzInput.fuzz(file, () -> {
            if (costlierThanFuzzing(file)) {
                return;
            }
            unlockOrClearError(KEYRING_PATH, () -> KEYS.unlock(KEYRING_PATH, file));
        });
    }

    /** Whether the keyring asks for more PBKDF2 work than a fuzzing run can afford per input. */
    static boolean costlierThanFuzzing(byte[] file) {
        JsonNode iterations = jsonObject(file).map(k -> k.path("kdf").path("iterations")).orElse(null);
        // Only an integer is a count the decoder accepts; it refuses any other number before work.
        return iterations != null && iterations.isIntegralNumber()
                && iterations.bigIntegerValue().compareTo(BigInteger.valueOf(MAX_FUZZED_ITERATIONS)) > 0;
    }
}
