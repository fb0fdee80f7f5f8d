package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import java.util.Arrays;
import java.util.Optional;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEY;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.base64;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.jsonObject;

/**
 * Files of format version 2 whose header line is fuzzed but whose ciphertext is authentic: this
 * reaches every check of the header line that runs after authentication, and the raw inflate of an
 * arbitrary compressed body (truncated, followed by garbage, not DEFLATE at all).
 *
 * <p>An input is a version-2 file in the clear: its first line is the header, and what follows the
 * line end is the <em>compressed body</em>, which the harness encrypts under the vault key with the
 * header's nonce and the header line itself as associated data, as the writer does. Inputs without
 * such a line (no line end, no JSON object, a nonce that is not 12 bytes) are decoded as they are.
 */
class SealedLineEnvelopeFuzzTest {
    @FuzzTest
    void sealedLineEnvelope(byte[] input) throws Exception {
        FuzzInput.fuzz(input, () -> {
            byte[] file = seal(input).orElse(input);
            FuzzFixtures.openAsVaultAndManifest(file, header(file));
        });
    }

    /** The input with what follows its header line sealed as the writer would, if it has a line with a nonce. */
    static Optional<byte[]> seal(byte[] input) {
        int lineEnd = lineEnd(input);
        if (lineEnd < 0) {
            return Optional.empty();
        }
        byte[] line = Arrays.copyOf(input, lineEnd);
        return header(input).flatMap(h -> base64(h, "nonce")).filter(n -> n.length == Aead.NONCE_LENGTH)
                .map(nonce -> {
                    byte[] ciphertext = Aead.seal(KEY, nonce, line, Arrays.copyOfRange(input, lineEnd + 1,
                            input.length));
                    byte[] file = Arrays.copyOf(input, lineEnd + 1 + ciphertext.length);
                    System.arraycopy(ciphertext, 0, file, lineEnd + 1, ciphertext.length);
                    return file;
                });
    }

    private static Optional<ObjectNode> header(byte[] file) {
        int lineEnd = lineEnd(file);
        return lineEnd < 0 ? Optional.empty() : jsonObject(Arrays.copyOf(file, lineEnd));
    }

    private static int lineEnd(byte[] file) {
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
