package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the codec's fuzz tests share: one fixed vault key and passphrase (so that committed inputs
 * replay the same way on every machine), and the one rule every decoder must keep: a result, or a
 * clear, typed error that names the file. Anything else a decoder throws (an
 * {@code IllegalArgumentException}, a Jackson exception, a {@code StackOverflowError}, an
 * {@code OutOfMemoryError}) escapes the fuzz test, and Jazzer reports it as a finding.
 */
final class FuzzFixtures {
    static final PartitionKey JAN = PartitionKey.parse("2024-01");
    static final String VAULT_PATH = JAN.vaultPath();
    static final String MANIFEST_PATH = JAN.manifestPath();
    static final String KEYRING_PATH = "tinywide/messaging/keyring.json";
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    /** The vault key of every sealed input; fixed, so the corpus's valid files stay valid. */
    static final SecretBytes KEY = SecretBytes.of(fixedBytes(SecretBytes.LENGTH));
    static final EnvelopeVaultFormat FORMAT = new EnvelopeVaultFormat(KEY, CodecOptions.DEFAULTS);

    /**
     * A keyring of at most this many PBKDF2 iterations is unlocked; a costlier one is skipped. The
     * decoder accepts up to {@link PassphraseKeys#MOST_ITERATIONS} (a second or so of work), which is
     * a bound, not a hang, but would leave the fuzzer one execution a second.
     */
    static final long MAX_FUZZED_ITERATIONS = 1_000;
    /** Accepts keyrings from 1 iteration, so that fuzzed keyrings stay cheap to unlock. */
    static final PassphraseKeys KEYS = new PassphraseKeys(PASSPHRASE, CodecOptions.DEFAULTS.withKdfIterations(1));

    /** The harnesses' own, lenient reader of fuzzed JSON: never the decoder under test. */
    static final ObjectMapper LENIENT = new ObjectMapper();

    private FuzzFixtures() {
    }

    static byte[] fixedBytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    @FunctionalInterface
    interface Decoding<T> {
        T run();
    }

    /** The decoding's result, or empty if it failed with a {@link FileFormatException} naming {@code path}. */
    static <T> Optional<T> decodeOrClearError(String path, Decoding<T> decoding) {
        try {
            T result = decoding.run();
            assertThat(result).as("a decoder returns a result or throws").isNotNull();
            return Optional.of(result);
        } catch (FileFormatException e) {
            assertThat(e.path()).as("the error names the file").isEqualTo(path);
            assertThat(e.getMessage()).startsWith(path + ": ").hasSizeGreaterThan(path.length() + 2);
            assertThat(e.problem()).isNotNull();
            return Optional.empty();
        }
    }

    /** As {@link #decodeOrClearError}, where a keyring that does not unlock may also say so. */
    static <T> Optional<T> unlockOrClearError(String path, Decoding<T> decoding) {
        try {
            return decodeOrClearError(path, decoding);
        } catch (WrongPassphraseException e) {
            assertThat(e.getMessage()).as("the error names the keyring").contains(path);
            return Optional.empty();
        }
    }

    /** The fuzzed bytes as a JSON object, if the harness's lenient reader sees one. */
    static Optional<ObjectNode> jsonObject(byte[] data) {
        try {
            JsonNode node = LENIENT.readTree(data);
            return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> text(JsonNode parent, String name) {
        JsonNode v = parent == null ? null : parent.get(name);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    static Optional<Long> integer(JsonNode parent, String name) {
        JsonNode v = parent == null ? null : parent.get(name);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? Optional.of(v.longValue()) : Optional.empty();
    }

    static Optional<byte[]> base64(JsonNode parent, String name) {
        return text(parent, name).flatMap(s -> {
            try {
                return Optional.of(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Opens a file as a vault and as a manifest of the month its header names (January 2024 when it
     * names none): each must decode to that month or fail with the clear error.
     */
    static void openAsVaultAndManifest(byte[] file, Optional<ObjectNode> header) {
        PartitionKey expected = header.flatMap(o -> text(o, "partition")).flatMap(p -> {
            try {
                return Optional.of(PartitionKey.parse(p));
            } catch (IllegalArgumentException notAMonth) {
                return Optional.empty();
            }
        }).orElse(JAN);
        String vaultPath = expected.vaultPath();
        String manifestPath = expected.manifestPath();
        decodeOrClearError(vaultPath, () -> FORMAT.openVault(vaultPath, expected, file))
                .ifPresent(opened -> assertThat(opened.vault().partition()).isEqualTo(expected));
        decodeOrClearError(manifestPath, () -> FORMAT.openManifest(manifestPath, expected, file))
                .ifPresent(manifest -> assertThat(manifest.partition()).isEqualTo(expected));
    }

    /** Raw DEFLATE (RFC 1951) of any bytes, as format version 2 compresses a body. */
    static byte[] deflate(byte[] plaintext) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(plaintext);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return LENIENT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
    }
}
