package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second reader of the remote format, written from {@code docs/format.md} alone with the JDK and
 * a plain JSON parser, never the codec's own classes. If the codec and the document drift apart,
 * this reader stops understanding the codec's files.
 */
class FormatDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");

    private final PassphraseKeys keys = new PassphraseKeys(PASSPHRASE, CodecOptions.DEFAULTS.withKdfIterations(1_000));
    private final byte[] keyringFile = keys.newKeyring();
    private final VaultFormat format = keys.unlock("keyring.json", keyringFile);

    @Test
    void theKeyringUnwrapsAsDocumented() throws Exception {
        JsonNode keyring = JSON.readTree(keyringFile);
        assertThat(fieldNames(keyring)).containsExactly("format", "formatVersion", "kind", "keyId", "created", "cipher",
                "unlock");
        assertThat(keyring.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(fieldNames(keyring.get("unlock").get(0))).containsExactly("method", "created", "kdf", "nonce",
                "wrappedKey");
        byte[] vaultKey = unwrap(keyring);
        assertThat(vaultKey).hasSize(32);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(vaultKey);
        assertThat(keyring.get("keyId").asText()).isEqualTo("k" + HexFormat.of().formatHex(hash, 0, 8));
    }

    @Test
    void aVaultAndItsManifestOpenAsDocumented() throws Exception {
        byte[] vaultKey = unwrap(JSON.readTree(keyringFile));
        ChatVault vault = EnvelopeFormatTest.sampleVault();
        VaultFormat.SealedVault sealed = format.sealVault(vault, 3);

        JsonNode envelope = JSON.readTree(sealed.bytes());
        assertThat(fieldNames(envelope)).containsExactly("format", "formatVersion", "kind", "partition", "generation",
                "keyId", "cipher", "compression", "nonce", "ciphertext");
        assertThat(envelope.get("kind").asText()).isEqualTo("vault");
        assertThat(envelope.get("generation").asLong()).isEqualTo(3);
        byte[] body = openEnvelope(vaultKey, envelope);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.encodeVault(vault), StandardCharsets.UTF_8))
                .startsWith("{\"formatVersion\":1,\"partition\":\"2024-01\",\"messages\":[{\"id\":\"m1\",");
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                .isEqualTo(sealed.digest());

        VaultManifest manifest = VaultManifest.of(vault, 3, sealed.digest());
        JsonNode manifestEnvelope = JSON.readTree(format.sealManifest(manifest));
        assertThat(manifestEnvelope.get("kind").asText()).isEqualTo("manifest");
        JsonNode manifestBody = JSON.readTree(openEnvelope(vaultKey, manifestEnvelope));
        assertThat(fieldNames(manifestBody)).containsExactly("formatVersion", "partition", "generation", "vaultDigest",
                "messageCount", "tombstoneCount", "conversations");
        assertThat(manifestBody.get("vaultDigest").asText()).isEqualTo(sealed.digest());
        assertThat(fieldNames(manifestBody.get("conversations").get(0))).containsExactly("conversation",
                "messageCount", "tombstoneCount", "firstSentAt", "lastSentAt", "participants");
    }

    /**
     * The passphrase entry of {@code unlock}: PBKDF2-HMAC-SHA256 of the passphrase; AES-256-GCM whose
     * associated data is the keyring without {@code unlock}, {@code retiring} and {@code rotations},
     * with {@code unlock} set to the entry minus {@code nonce} and {@code wrappedKey}.
     */
    private static byte[] unwrap(JsonNode keyring) throws Exception {
        JsonNode entry = keyring.get("unlock").get(0);
        assertThat(entry.get("method").asText()).isEqualTo("passphrase");
        JsonNode kdf = entry.get("kdf");
        assertThat(kdf.get("name").asText()).isEqualTo("PBKDF2-HMAC-SHA256");
        byte[] salt = Base64.getDecoder().decode(kdf.get("salt").asText());
        assertThat(salt).hasSize(16);
        byte[] wrapping = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(PASSPHRASE, salt, kdf.get("iterations").asInt(), 256)).getEncoded();
        assertThat(keyring.get("cipher").asText()).isEqualTo("AES-256-GCM");
        ObjectNode header = keyring.deepCopy();
        header.remove(List.of("unlock", "retiring", "rotations"));
        ObjectNode bound = entry.deepCopy();
        bound.remove(List.of("nonce", "wrappedKey"));
        header.set("unlock", bound);
        return aesGcm(wrapping, entry.get("nonce").asText(), JSON.writeValueAsBytes(header),
                entry.get("wrappedKey").asText());
    }

    /** AES-256-GCM with the header minus ciphertext as associated data, then gunzip. */
    private static byte[] openEnvelope(byte[] vaultKey, JsonNode envelope) throws Exception {
        ObjectNode header = envelope.deepCopy();
        header.remove("ciphertext");
        assertThat(envelope.get("compression").asText()).isEqualTo("gzip");
        byte[] compressed = aesGcm(vaultKey, envelope.get("nonce").asText(), JSON.writeValueAsBytes(header),
                envelope.get("ciphertext").asText());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static byte[] aesGcm(byte[] key, String nonce, byte[] associatedData, String ciphertext) throws Exception {
        byte[] iv = Base64.getDecoder().decode(nonce);
        assertThat(iv).as("a 96-bit nonce").hasSize(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(Base64.getDecoder().decode(ciphertext));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
