package io.tinywide.chatsync.argon2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.KeyManagement.KeyringReport;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Argon2id through the core, as an application gets it by putting this module beside sync-core:
 * new keyrings record it with the defaults and open again on another device; keyrings protected by
 * PBKDF2 (format 1 or 2) keep opening and become Argon2id when the passphrase changes.
 */
class Argon2idKeyringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String KEYRING = "keyring.json";

    private final InMemoryStorage remote = new InMemoryStorage("remote");

    /** One device: its stores, and the key store that outlives its services. */
    private static final class Device {
        final InMemoryMessageStore messages = new InMemoryMessageStore();
        final InMemorySyncStateStore state = new InMemorySyncStateStore();
        final DeviceKeyStore keys = new InMemoryDeviceKeyStore();
        final List<PassphraseSource.Purpose> asked = new ArrayList<>();

        PassphraseSource passphrase(String passphrase) {
            return purpose -> {
                asked.add(purpose);
                return passphrase.toCharArray();
            };
        }

        ChatSync.Builder builder(InMemoryStorage remote, String passphrase) {
            return ChatSync.builder().localStore(messages).stateStore(state).deviceKeys(keys)
                    .passphrase(passphrase(passphrase)).remote("mem", remote);
        }

        ChatSyncService sync(InMemoryStorage remote, String passphrase) {
            return builder(remote, passphrase).build();
        }

        KeyManagement keys(InMemoryStorage remote, String passphrase) {
            return builder(remote, passphrase).buildKeyManagement();
        }

        void say(String id) {
            messages.save(ChatMessage.text(id, "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"),
                    "text of " + id));
        }
    }

    private JsonNode keyring() throws IOException {
        return JSON.readTree(remote.read(KEYRING).orElseThrow().bytes());
    }

    private Map<String, String> partitionFiles() {
        Map<String, String> files = new TreeMap<>();
        for (RemoteEntry e : remote.list("")) {
            if (!e.path().equals(KEYRING)) {
                files.put(e.path(), HexFormat.of().formatHex(remote.read(e.path()).orElseThrow().bytes()));
            }
        }
        return files;
    }

    private static String kdfOf(KeyringReport report) {
        return report.methods().stream().filter(m -> m.kind() == Keyring.Method.Kind.PASSPHRASE)
                .map(Keyring.Method::kdf).findFirst().orElseThrow();
    }

    /** The defaults, derived twice: once to make the keyring, once on the second device to open it. */
    @Test
    void aNewKeyringRecordsArgon2idWithTheDefaultsAndOpensOnAnotherDevice() throws Exception {
        Device laptop = new Device();
        laptop.say("m1");
        assertThat(laptop.sync(remote, PASSPHRASE).syncMessages("mem").messagesUp()).isEqualTo(1);

        JsonNode kdf = keyring().get("unlock").get(0).get("kdf");
        assertThat(JSON.writeValueAsString(kdf)).startsWith(
                "{\"name\":\"Argon2id\",\"memoryKiB\":47104,\"iterations\":1,\"parallelism\":1,\"salt\":\"");
        assertThat(Base64.getDecoder().decode(kdf.get("salt").asText())).hasSize(16);

        Device phone = new Device();
        assertThatThrownBy(() -> phone.sync(remote, "not the passphrase").syncMessages("mem"))
                .isInstanceOf(WrongPassphraseException.class);
        assertThat(phone.messages.message("m1")).isEmpty();
        assertThat(phone.sync(remote, PASSPHRASE).syncMessages("mem").messagesDown()).isEqualTo(1);
        assertThat(phone.messages.message("m1")).isPresent();
        assertThat(kdfOf(phone.keys(remote, PASSPHRASE).describe("mem"))).isEqualTo("Argon2id(46 MiB, 1 iteration, 1 lane)");
    }

    /**
     * docs/format.md, read by a second reader written from it alone: Argon2id (RFC 9106, version
     * 0x13) of the passphrase's UTF-8 bytes with the recorded salt and parameters, 32 bytes, then
     * AES-256-GCM as for PBKDF2. BouncyCastle is called directly, not through {@link Argon2id}.
     */
    @Test
    void theKeyringUnwrapsAsDocumented() throws Exception {
        Device laptop = new Device();
        laptop.say("m1");
        laptop.sync(remote, PASSPHRASE).syncMessages("mem");
        JsonNode keyring = keyring();
        JsonNode entry = keyring.get("unlock").get(0);
        JsonNode kdf = entry.get("kdf");
        org.bouncycastle.crypto.generators.Argon2BytesGenerator argon2 =
                new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        argon2.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(0x13).withMemoryAsKB(kdf.get("memoryKiB").asInt()).withIterations(kdf.get("iterations").asInt())
                .withParallelism(kdf.get("parallelism").asInt()).withSalt(Base64.getDecoder().decode(kdf.get("salt").asText()))
                .build());
        byte[] wrapping = new byte[32];
        argon2.generateBytes(PASSPHRASE.getBytes(StandardCharsets.UTF_8), wrapping);

        ObjectNode header = keyring.deepCopy();
        header.remove(List.of("unlock", "retiring", "rotations"));
        ObjectNode bound = entry.deepCopy();
        bound.remove(List.of("nonce", "wrappedKey"));
        header.set("unlock", bound);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrapping, "AES"),
                new GCMParameterSpec(128, Base64.getDecoder().decode(entry.get("nonce").asText())));
        aes.updateAAD(JSON.writeValueAsBytes(header));
        byte[] vaultKey = aes.doFinal(Base64.getDecoder().decode(entry.get("wrappedKey").asText()));
        assertThat(keyring.get("keyId").asText()).isEqualTo("k" + HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(vaultKey), 0, 8));
    }

    /**
     * The storage's owner edits the parameters of a real keyring: asking for 4 GiB, or for a few
     * MiB, it is refused naming the keyring, before the passphrase is asked or anything derived.
     */
    @Test
    void aKeyringWithPlantedParametersIsRefusedNamingItBeforeAnyWork() throws Exception {
        Device laptop = new Device();
        laptop.say("m1");
        laptop.sync(remote, PASSPHRASE).syncMessages("mem");
        String made = new String(remote.read(KEYRING).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(made).contains("\"memoryKiB\":47104,");
        for (String[] planted : List.of(
                new String[] {"\"memoryKiB\":4194304,", "asks for 4194304 KiB of Argon2id memory, more than the 131072"},
                new String[] {"\"memoryKiB\":1024,", "weaker than the least this chatsync accepts"})) {
            InMemoryStorage copy = new InMemoryStorage("copy");
            copy.write(KEYRING, made.replace("\"memoryKiB\":47104,", planted[0]).getBytes(StandardCharsets.UTF_8),
                    WriteCondition.ifAbsent());
            Device phone = new Device();
            assertThatThrownBy(() -> phone.sync(copy, PASSPHRASE).syncMessages("mem"))
                    .isInstanceOf(io.tinywide.chatsync.core.port.out.FileFormatException.class)
                    .hasMessageContaining(copy.describe()).hasMessageContaining("keyring.json")
                    .hasMessageContaining(planted[1]).hasMessageContaining("Restore keyring.json");
            assertThat(phone.asked).as("nothing asked, nothing derived").isEmpty();
            assertThat(copy.list("")).hasSize(1);
        }
    }

    @Test
    void aPbkdf2KeyringKeepsOpeningAndBecomesArgon2idWhenThePassphraseChanges() throws Exception {
        byte[] pbkdf2 = ChatSync.passphraseKeys("an old passphrase".toCharArray(), 100_000).newKeyring();
        remote.write(KEYRING, pbkdf2, WriteCondition.ifAbsent());
        assertPassphraseChangeUpgradesToArgon2id("PBKDF2-HMAC-SHA256(100000 iterations)", 2);
    }

    /** A keyring of format 1, as chatsync wrote them before issue 18 (made once from docs/format.md with the JDK). */
    @Test
    void aFormatOneKeyringKeepsOpeningAndBecomesArgon2idWhenThePassphraseChanges() throws Exception {
        try (InputStream v1 = Argon2idKeyringTest.class.getResourceAsStream("keyring-v1.json")) {
            remote.write(KEYRING, v1.readAllBytes(), WriteCondition.ifAbsent());
        }
        assertPassphraseChangeUpgradesToArgon2id("PBKDF2-HMAC-SHA256(100000 iterations)", 1);
    }

    private void assertPassphraseChangeUpgradesToArgon2id(String before, int formatBefore) throws Exception {
        String keyId = keyring().get("keyId").asText();
        Device laptop = new Device();
        laptop.say("m1");
        assertThat(laptop.sync(remote, "an old passphrase").syncMessages("mem").messagesUp()).isEqualTo(1);
        KeyringReport old = laptop.keys(remote, "an old passphrase").describe("mem");
        assertThat(old.formatVersion()).isEqualTo(formatBefore);
        assertThat(kdfOf(old)).isEqualTo(before);
        Map<String, String> sealed = partitionFiles();

        KeyringReport changed = laptop.keys(remote, "an old passphrase")
                .changePassphrase("mem", purpose -> "a new passphrase".toCharArray());
        assertThat(changed.formatVersion()).isEqualTo(2);
        assertThat(changed.keyId()).as("the same vault key").isEqualTo(keyId);
        assertThat(kdfOf(changed)).isEqualTo("Argon2id(46 MiB, 1 iteration, 1 lane)");
        assertThat(keyring().get("unlock").get(0).get("kdf").get("name").asText()).isEqualTo("Argon2id");
        assertThat(partitionFiles()).as("no vault or manifest rewritten").isEqualTo(sealed);

        laptop.asked.clear();
        laptop.say("m2");
        assertThat(laptop.sync(remote, "never asked").syncMessages("mem").isComplete()).isTrue();
        assertThat(laptop.asked).as("the laptop kept the key, which did not change").isEmpty();

        assertThatThrownBy(() -> new Device().sync(remote, "an old passphrase").syncMessages("mem"))
                .isInstanceOf(WrongPassphraseException.class);
        Device phone = new Device();
        assertThat(phone.sync(remote, "a new passphrase").syncMessages("mem").messagesDown()).isEqualTo(2);
    }
}
