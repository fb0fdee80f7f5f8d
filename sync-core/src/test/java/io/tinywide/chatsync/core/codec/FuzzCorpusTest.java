package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.VaultManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEY;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYRING_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEYS;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.LENIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed corpus of the codec's fuzz tests: valid files made by the codec itself (named
 * {@code valid-*}) and edge cases, in the layout Jazzer replays,
 * {@code src/test/resources/io/tinywide/chatsync/core/codec/<TestClass>Inputs/<method>/}.
 *
 * <p>Every build checks that the valid seeds still decode, so a change of the format cannot leave the
 * fuzzers starting from files that fail on their first check. After such a change, write the seeds
 * again with {@code ./mvnw -pl sync-core test -Dtest=FuzzCorpusTest -Dfuzz.corpus.write=true} (see
 * docs/fuzzing.md); the crash reproducers beside them are kept as they are.
 */
class FuzzCorpusTest {
    private static final Path INPUTS = Path.of("src/test/resources/io/tinywide/chatsync/core/codec");

    @Test
    void validSeedsOfEveryTargetStillDecode() throws IOException {
        assertThat(valid("RemoteFileFuzzTest", "remoteFile")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(f -> assertThat(opensAsVaultOrManifest(Files.readAllBytes(f))).as(f.toString()).isTrue());
        assertThat(valid("VaultBodyFuzzTest", "vaultBody")).isNotEmpty().allSatisfy(f ->
                CanonicalJson.decodeVault("seed", JAN, Files.readAllBytes(f)));
        assertThat(valid("ManifestBodyFuzzTest", "manifestBody")).isNotEmpty().allSatisfy(f ->
                CanonicalJson.decodeManifest("seed", JAN, Files.readAllBytes(f)));
        assertThat(valid("KeyringFuzzTest", "keyring")).isNotEmpty().allSatisfy(f ->
                KEYS.unlock(KEYRING_PATH, Files.readAllBytes(f)));
        assertThat(valid("SealedKeyringFuzzTest", "sealedKeyring")).isNotEmpty().allSatisfy(f ->
                assertThat(FuzzFixtures.jsonObject(Files.readAllBytes(f))).isPresent());
        assertThat(valid("SealedEnvelopeFuzzTest", "sealedEnvelope")).isNotEmpty().allSatisfy(f ->
                assertThat(FuzzFixtures.jsonObject(Files.readAllBytes(f))).isPresent());
        assertThat(valid("SealedLineEnvelopeFuzzTest", "sealedLineEnvelope")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(f -> assertThat(SealedLineEnvelopeFuzzTest.seal(Files.readAllBytes(f))).isPresent()
                        .hasValueSatisfying(file -> assertThat(opensAsVaultOrManifest(file)).isTrue()));
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.corpus.write", matches = "true")
    void writeSeeds() throws IOException {
        ChatVault vault = EnvelopeFormatTest.sampleVault();
        byte[] vaultBody = CanonicalJson.encodeVault(vault);
        VaultManifest manifest = VaultManifest.of(vault, 1, CanonicalJson.digest(vaultBody));
        byte[] manifestBody = CanonicalJson.encodeManifest(manifest);
        byte[] emptyBody = CanonicalJson.encodeVault(ChatVault.empty(JAN));

        // The seeds of format version 1 (valid-vault.json, valid-manifest.json, valid-empty-vault.json,
        // newer-format-version.json; the vault bodies valid-sample.json, valid-empty.json and
        // valid-spaced-and-reordered.json) were written by the version-1 writer and are kept as they
        // are, so that the fuzzers go on reaching the first format's reader.
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("valid-vault-v2.json", FORMAT.sealVault(vault, 3).bytes());
        files.put("valid-manifest-v2.json", FORMAT.sealManifest(manifest));
        files.put("valid-empty-vault-v2.json", FORMAT.sealVault(ChatVault.empty(JAN), 1).bytes());
        files.put("not-chatsync.json", utf8("{\"format\":\"kopia\",\"formatVersion\":1}"));
        write("RemoteFileFuzzTest", "remoteFile", files);

        write("VaultBodyFuzzTest", "vaultBody", Map.of(
                "valid-sample-columns.json", vaultBody,
                "valid-empty-columns.json", emptyBody));
        write("ManifestBodyFuzzTest", "manifestBody", Map.of(
                "valid-sample.json", manifestBody,
                "valid-empty.json", CanonicalJson.encodeManifest(VaultManifest.of(ChatVault.empty(JAN), 1,
                        CanonicalJson.digest(emptyBody)))));

        Map<String, byte[]> envelopes = new LinkedHashMap<>();
        envelopes.put("valid-vault.json", clearEnvelope("vault", 3, gzip(vaultBody)));
        envelopes.put("valid-manifest.json", clearEnvelope("manifest", 1, gzip(manifestBody)));
        envelopes.put("not-gzip.json", clearEnvelope("vault", 1, vaultBody));
        envelopes.put("gzip-then-garbage.json", clearEnvelope("vault", 1, concat(gzip(emptyBody), utf8("garbage"))));
        envelopes.put("two-gzip-members.json", clearEnvelope("vault", 1, concat(gzip(emptyBody), gzip(emptyBody))));
        write("SealedEnvelopeFuzzTest", "sealedEnvelope", envelopes);

        Map<String, byte[]> lines = new LinkedHashMap<>();
        lines.put("valid-vault", clearLine("vault", 3, FuzzFixtures.deflate(vaultBody)));
        lines.put("valid-manifest", clearLine("manifest", 1, FuzzFixtures.deflate(manifestBody)));
        lines.put("not-deflate", clearLine("vault", 1, vaultBody));
        lines.put("deflate-then-garbage", clearLine("vault", 1, concat(FuzzFixtures.deflate(emptyBody),
                utf8("garbage"))));
        lines.put("truncated-deflate", clearLine("vault", 1, java.util.Arrays.copyOf(FuzzFixtures.deflate(vaultBody),
                20)));
        write("SealedLineEnvelopeFuzzTest", "sealedLineEnvelope", lines);

        write("KeyringFuzzTest", "keyring", Map.of(
                "valid-keyring.json", KEYS.newKeyring(),
                "other-passphrase.json", new PassphraseKeys("another passphrase".toCharArray(),
                        CodecOptions.DEFAULTS.withKdfIterations(1)).newKeyring()));
        SecretBytes key = SecretBytes.of(FuzzFixtures.fixedBytes(SecretBytes.LENGTH));
        write("SealedKeyringFuzzTest", "sealedKeyring", Map.of(
                "valid-keyring.json", clearKeyring(key.id(), FuzzFixtures.fixedBytes(SecretBytes.LENGTH)),
                "short-key.json", clearKeyring(key.id(), FuzzFixtures.fixedBytes(16)),
                "key-of-another-id.json", clearKeyring("k0000000000000000", FuzzFixtures.fixedBytes(32))));
    }

    private static List<Path> valid(String testClass, String method) throws IOException {
        try (Stream<Path> files = Files.list(INPUTS.resolve(testClass + "Inputs").resolve(method))) {
            return files.filter(f -> f.getFileName().toString().startsWith("valid-")).toList();
        }
    }

    private static boolean opensAsVaultOrManifest(byte[] file) {
        try {
            FORMAT.openVault(JAN.vaultPath(), JAN, file);
            return true;
        } catch (RuntimeException notAVault) {
            return FORMAT.openManifest(JAN.manifestPath(), JAN, file) != null;
        }
    }

    /** An envelope whose ciphertext field holds the compressed body in the clear (SealedEnvelopeFuzzTest). */
    private static byte[] clearEnvelope(String kind, long generation, byte[] compressed) {
        ObjectNode o = LENIENT.createObjectNode();
        o.put("format", Envelope.FORMAT).put("formatVersion", Envelope.FORMAT_VERSION).put("kind", kind)
                .put("partition", JAN.toString()).put("generation", generation).put("keyId", KEY.id())
                .put("cipher", Aead.CIPHER).put("compression", Envelope.GZIP)
                .put("nonce", Base64.getEncoder().encodeToString(FuzzFixtures.fixedBytes(Aead.NONCE_LENGTH)))
                .put("ciphertext", Base64.getEncoder().encodeToString(compressed));
        return FuzzFixtures.write(o);
    }

    /** A version-2 file whose ciphertext is the compressed body in the clear (SealedLineEnvelopeFuzzTest). */
    private static byte[] clearLine(String kind, long generation, byte[] compressed) {
        Envelope.Header header = new Envelope.Header(Envelope.LINE_VERSION, kind, JAN.toString(), generation, KEY.id(),
                Envelope.DEFLATE, FuzzFixtures.fixedBytes(Aead.NONCE_LENGTH));
        return concat(concat(header.associatedData(), utf8("\n")), compressed);
    }

    /** A keyring whose wrapped key is in the clear (SealedKeyringFuzzTest). */
    private static byte[] clearKeyring(String keyId, byte[] rawKey) {
        ObjectNode o = LENIENT.createObjectNode();
        o.put("format", Envelope.FORMAT).put("formatVersion", Envelope.FORMAT_VERSION).put("kind", "keyring")
                .put("keyId", keyId);
        o.putObject("kdf").put("name", KdfParams.PBKDF2_SHA256).put("iterations", 1)
                .put("salt", Base64.getEncoder().encodeToString(FuzzFixtures.fixedBytes(KdfParams.SALT_LENGTH)));
        o.putObject("wrappedKey").put("cipher", Aead.CIPHER)
                .put("nonce", Base64.getEncoder().encodeToString(FuzzFixtures.fixedBytes(Aead.NONCE_LENGTH)))
                .put("ciphertext", Base64.getEncoder().encodeToString(rawKey));
        return FuzzFixtures.write(o);
    }

    private static void write(String testClass, String method, Map<String, byte[]> files) throws IOException {
        Path dir = Files.createDirectories(INPUTS.resolve(testClass + "Inputs").resolve(method));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
