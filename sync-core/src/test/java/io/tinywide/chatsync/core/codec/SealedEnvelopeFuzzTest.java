package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import java.util.Base64;
import java.util.Optional;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEY;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.base64;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.integer;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.jsonObject;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.text;

/**
 * Envelopes of format version 1 whose headers are fuzzed but whose ciphertext is authentic: a
 * tampered file is the easy case (AES-GCM refuses it), so this reaches every check that runs after
 * authentication, and the gunzip of an arbitrary compressed body. {@link SealedLineEnvelopeFuzzTest}
 * does the same for version 2.
 *
 * <p>An input is an envelope in the clear: its {@code ciphertext} holds the base64 of the
 * <em>compressed body</em>, which the harness encrypts under the vault key with the header's own
 * nonce and associated data before the decoder sees the file. Inputs that are not such an object
 * (no JSON, a field of the wrong type, a nonce that is not 12 bytes) are decoded as they are.
 */
class SealedEnvelopeFuzzTest {
    @FuzzTest
    void sealedEnvelope(byte[] input) throws Exception {
        FuzzInput.fuzz(input, () -> {
            byte[] file = seal(input).orElse(input);
            FuzzFixtures.openAsVaultAndManifest(file, jsonObject(file));
        });
    }

    /** The input with its clear {@code ciphertext} sealed as the writer would, if it has the fields to. */
    private static Optional<byte[]> seal(byte[] input) {
        return jsonObject(input).flatMap(envelope -> {
            Optional<String> kind = text(envelope, "kind");
            Optional<String> partition = text(envelope, "partition");
            Optional<Long> generation = integer(envelope, "generation");
            Optional<String> keyId = text(envelope, "keyId");
            Optional<byte[]> nonce = base64(envelope, "nonce").filter(n -> n.length == Aead.NONCE_LENGTH);
            Optional<byte[]> compressed = base64(envelope, "ciphertext");
            if (kind.isEmpty() || partition.isEmpty() || generation.isEmpty() || keyId.isEmpty() || nonce.isEmpty()
                    || compressed.isEmpty()) {
                return Optional.empty();
            }
            Envelope.Header header = new Envelope.Header(Envelope.FORMAT_VERSION, kind.get(), partition.get(),
                    generation.get(), keyId.get(), Envelope.GZIP, nonce.get());
            byte[] ciphertext = Aead.seal(KEY, nonce.get(), header.associatedData(), compressed.get());
            ObjectNode sealed = envelope.deepCopy();
            sealed.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            return Optional.of(FuzzFixtures.write(sealed));
        });
    }
}
