package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

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

        Line file = Line.of(sealed.bytes());
        assertThat(fieldNames(file.header())).containsExactly("format", "formatVersion", "kind", "partition",
                "generation", "keyId", "cipher", "compression", "nonce");
        assertThat(file.header().get("formatVersion").asInt()).isEqualTo(2);
        assertThat(file.header().get("kind").asText()).isEqualTo("vault");
        assertThat(file.header().get("generation").asLong()).isEqualTo(3);
        byte[] body = openLine(vaultKey, file);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.encodeVault(vault), StandardCharsets.UTF_8))
                .startsWith("{\"formatVersion\":2,\"partition\":\"2024-01\",\"messages\":{\"id\":[\"m1\",\"m2\",\"m3\"],");
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                .isEqualTo(sealed.digest());
        assertThat(readColumns(JSON.readTree(body))).isEqualTo(vault);

        VaultManifest manifest = VaultManifest.of(vault, 3, sealed.digest());
        Line manifestFile = Line.of(format.sealManifest(manifest));
        assertThat(manifestFile.header().get("kind").asText()).isEqualTo("manifest");
        JsonNode manifestBody = JSON.readTree(openLine(vaultKey, manifestFile));
        assertThat(fieldNames(manifestBody)).containsExactly("formatVersion", "partition", "generation", "vaultDigest",
                "messageCount", "tombstoneCount", "conversations");
        assertThat(manifestBody.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifestBody.get("vaultDigest").asText()).isEqualTo(sealed.digest());
        assertThat(fieldNames(manifestBody.get("conversations").get(0))).containsExactly("conversation",
                "messageCount", "tombstoneCount", "firstSentAt", "lastSentAt", "participants");
    }

    /** The committed files of format version 1 open as its section of the document says. */
    @Test
    void aVersionOneVaultOpensAsDocumented() throws Exception {
        JsonNode keyring = JSON.readTree(resource("format-v1/keyring.json"));
        byte[] vaultKey = unwrapVersion1(keyring);
        JsonNode envelope = JSON.readTree(resource("format-v1/2024/chat_vault_2024_01.json"));
        assertThat(fieldNames(envelope)).containsExactly("format", "formatVersion", "kind", "partition", "generation",
                "keyId", "cipher", "compression", "nonce", "ciphertext");
        JsonNode body = JSON.readTree(openVersion1(vaultKey, envelope));
        assertThat(body.get("formatVersion").asInt()).isEqualTo(1);
        List<String> ids = new java.util.ArrayList<>();
        body.get("messages").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).containsExactly("m1", "m2", "m3");
        assertThat(body.get("messages").get(1).get("sentAt").asText()).isEqualTo("2024-01-15T10:00:01.500Z");
    }

    /** A file of version 2: the header line (also the associated data, as it is) and the ciphertext after it. */
    private record Line(JsonNode header, byte[] associatedData, byte[] ciphertext) {
        static Line of(byte[] file) throws Exception {
            int end = 0;
            while (file[end] != '\n') {
                end++;
            }
            byte[] line = Arrays.copyOf(file, end);
            return new Line(JSON.readTree(line), line, Arrays.copyOfRange(file, end + 1, file.length));
        }
    }

    /** AES-256-GCM with the header line as associated data, then raw inflate (RFC 1951). */
    private static byte[] openLine(byte[] vaultKey, Line file) throws Exception {
        assertThat(file.header().get("compression").asText()).isEqualTo("deflate");
        assertThat(file.associatedData()).isEqualTo(JSON.writeValueAsBytes(file.header()));
        byte[] compressed = aesGcm(vaultKey, file.header().get("nonce").asText(), file.associatedData(),
                file.ciphertext());
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed),
                new Inflater(true))) {
            return in.readAllBytes();
        }
    }

    /**
     * The body's columns back into messages: times are nanoseconds since the previous message, the
     * first since the month began.
     */
    private static ChatVault readColumns(JsonNode body) {
        PartitionKey month = PartitionKey.parse(body.get("partition").asText());
        JsonNode c = body.get("messages");
        List<ChatMessage> messages = new java.util.ArrayList<>();
        Instant at = month.start();
        for (int i = 0; i < c.get("id").size(); i++) {
            at = at.plusNanos(c.get("sentAt").get(i).asLong());
            Map<String, String> receipts = new java.util.TreeMap<>();
            if (c.has("receipts") && !c.get("receipts").get(i).isNull()) {
                c.get("receipts").get(i).fields().forEachRemaining(e -> receipts.put(e.getKey(), e.getValue().asText()));
            }
            List<String> tags = new java.util.ArrayList<>();
            if (c.has("tags") && !c.get("tags").get(i).isNull()) {
                c.get("tags").get(i).forEach(t -> tags.add(t.asText()));
            }
            boolean edited = c.has("editedAt") && !c.get("editedBy").get(i).isNull();
            messages.add(new ChatMessage(c.get("id").get(i).asText(), c.get("conversation").get(i).asText(),
                    c.get("sender").get(i).asText(), at, c.get("type").get(i).asText(), text(c, "text", i),
                    text(c, "payload", i) == null ? null : Base64.getDecoder().decode(text(c, "payload", i)),
                    text(c, "status", i), tags, receipts, edited ? new EditVersion(c.get("editedAt").get(i).asLong(),
                    c.get("editedBy").get(i).asText()) : EditVersion.INITIAL));
        }
        List<Tombstone> tombstones = new java.util.ArrayList<>();
        body.get("tombstones").forEach(t -> tombstones.add(new Tombstone(t.get("messageId").asText(),
                t.get("conversation").asText(), Instant.parse(t.get("sentAt").asText()),
                Instant.parse(t.get("deletedAt").asText()))));
        return ChatVault.of(month, messages, tombstones);
    }

    private static String text(JsonNode columns, String name, int i) {
        return columns.has(name) && !columns.get(name).get(i).isNull() ? columns.get(name).get(i).asText() : null;
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = FormatDocumentTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
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
                Base64.getDecoder().decode(entry.get("wrappedKey").asText()));
    }

    /**
     * The keyring of version 1: PBKDF2-HMAC-SHA256 of the passphrase; AES-256-GCM with the keyring
     * minus {@code wrappedKey} as associated data.
     */
    private static byte[] unwrapVersion1(JsonNode keyring) throws Exception {
        JsonNode kdf = keyring.get("kdf");
        byte[] salt = Base64.getDecoder().decode(kdf.get("salt").asText());
        byte[] wrapping = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(PASSPHRASE, salt, kdf.get("iterations").asInt(), 256)).getEncoded();
        ObjectNode header = keyring.deepCopy();
        header.remove("wrappedKey");
        JsonNode wrapped = keyring.get("wrappedKey");
        return aesGcm(wrapping, wrapped.get("nonce").asText(), JSON.writeValueAsBytes(header),
                Base64.getDecoder().decode(wrapped.get("ciphertext").asText()));
    }

    /** Version 1: AES-256-GCM with the header minus ciphertext as associated data, then gunzip. */
    private static byte[] openVersion1(byte[] vaultKey, JsonNode envelope) throws Exception {
        ObjectNode header = envelope.deepCopy();
        header.remove("ciphertext");
        assertThat(envelope.get("compression").asText()).isEqualTo("gzip");
        byte[] compressed = aesGcm(vaultKey, envelope.get("nonce").asText(), JSON.writeValueAsBytes(header),
                Base64.getDecoder().decode(envelope.get("ciphertext").asText()));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static byte[] aesGcm(byte[] key, String nonce, byte[] associatedData, byte[] ciphertext) throws Exception {
        byte[] iv = Base64.getDecoder().decode(nonce);
        assertThat(iv).as("a 96-bit nonce").hasSize(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(ciphertext);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
