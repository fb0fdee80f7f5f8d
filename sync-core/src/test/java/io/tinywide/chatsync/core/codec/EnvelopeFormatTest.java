package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultFormat.SealedVault;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeFormatTest {
    private static final CodecOptions FAST = CodecOptions.DEFAULTS.withKdfIterations(1_000);
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final String PATH = JAN.vaultPath();

    private final PassphraseKeys keys = new PassphraseKeys("s3cret passphrase".toCharArray(), FAST);
    private final byte[] keyring = keys.newKeyring();
    private final VaultFormat format = keys.unlock("keyring.json", keyring);

    static ChatVault sampleVault() {
        List<ChatMessage> messages = List.of(
                ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"), "hi"),
                new ChatMessage("m2", "urn:chat:ab", "urn:user:b", Instant.parse("2024-01-15T10:00:01.5Z"), "image",
                        "Grüße 👋", new byte[] {0, 1, 2, (byte) 255}, "read", List.of("b", "a", "b"),
                        Map.of("urn:user:a", "read", "urn:user:c", "delivered"), new EditVersion(123456789, "dev-b")),
                ChatMessage.text("m3", "urn:chat:group", "urn:user:c", Instant.parse("2024-01-31T23:59:59.999Z"),
                        null));
        List<Tombstone> tombstones = List.of(new Tombstone("m0", "urn:chat:ab", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z")));
        return ChatVault.of(JAN, messages, tombstones);
    }

    /**
     * The file with one edit in its header line, byte for byte: the ciphertext after the line is
     * kept exactly, so a refusal is for the header's sake.
     */
    static byte[] editHeader(byte[] file, String from, String to) {
        int lineEnd = 0;
        while (file[lineEnd] != '\n') {
            lineEnd++;
        }
        String header = new String(file, 0, lineEnd, StandardCharsets.UTF_8);
        assertThat(header).as("the header line holds " + from).contains(from);
        byte[] edited = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(edited, edited.length + file.length - lineEnd);
        System.arraycopy(file, lineEnd, out, edited.length, file.length - lineEnd);
        return out;
    }

    @Test
    void aVaultRoundTripsThroughItsEncryptedFile() {
        ChatVault vault = sampleVault();
        SealedVault sealed = format.sealVault(vault, 7);
        VaultFormat.OpenedVault opened = format.openVault(PATH, JAN, sealed.bytes());
        assertThat(opened.vault()).isEqualTo(vault);
        assertThat(opened.generation()).isEqualTo(7);
        assertThat(opened.digest()).isEqualTo(sealed.digest()).hasSize(64);
        assertThat(new String(sealed.bytes(), StandardCharsets.UTF_8))
                .as("nothing of the content is readable")
                .contains("\"kind\":\"vault\"", "\"partition\":\"2024-01\"", "\"cipher\":\"AES-256-GCM\"")
                .doesNotContain("urn:chat:ab", "urn:user:", "Grüße"); // by chance in random bytes: about 2^-60
    }

    @Test
    void aFileIsItsHeaderOnOneLineThenTheRawCiphertext() throws Exception {
        SealedVault sealed = format.sealVault(sampleVault(), 7);
        byte[] file = sealed.bytes();
        int lineEnd = 0;
        while (file[lineEnd] != '\n') {
            lineEnd++;
        }
        var header = CanonicalJson.MAPPER.readTree(java.util.Arrays.copyOf(file, lineEnd));
        assertThat(header.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(header.get("compression").asText()).isEqualTo("deflate");
        assertThat(header.has("ciphertext")).as("the ciphertext follows the line, as it is").isFalse();
        assertThat(file.length - lineEnd - 1).as("no base64: ciphertext and tag, byte for byte")
                .isEqualTo(Envelope.compress(g -> VaultColumns.write(g, sampleVault())).compressed().length + 16);
    }

    /** Files written by the first format (committed under {@code format-v1/}) are still read, as they are. */
    @Test
    void filesOfTheFirstFormatAreStillRead() throws Exception {
        byte[] oldKeyring = resource("format-v1/keyring.json");
        byte[] oldVault = resource("format-v1/2024/chat_vault_2024_01.json");
        byte[] oldManifest = resource("format-v1/2024/chat_manifest_2024_01.json");
        assertThat(new String(oldVault, StandardCharsets.UTF_8)).startsWith("{\"format\":\"chatsync\",\"formatVersion\":1,")
                .contains("\"compression\":\"gzip\"", "\"ciphertext\":\"").doesNotContain("\n");
        VaultFormat old = new PassphraseKeys("correct horse battery staple".toCharArray(), FAST)
                .unlock("keyring.json", oldKeyring);
        VaultFormat.OpenedVault opened = old.openVault(PATH, JAN, oldVault);
        assertThat(opened.vault()).isEqualTo(sampleVault());
        assertThat(opened.generation()).isEqualTo(3);
        VaultManifest manifest = old.openManifest(JAN.manifestPath(), JAN, oldManifest);
        assertThat(manifest).isEqualTo(VaultManifest.of(sampleVault(), 3, opened.digest()));
        assertThat(manifest.describes(opened.generation(), opened.digest())).isTrue();

        // A version-1 file keeps every check it had: another month, an edit, a version it never had.
        PartitionKey feb = PartitionKey.parse("2024-02");
        assertThatThrownBy(() -> old.openVault(feb.vaultPath(), feb, oldVault))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.MISPLACED));
        String text = new String(oldVault, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> old.openVault(PATH, JAN, text.replace("\"generation\":3", "\"generation\":4")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TAMPERED));
        assertThatThrownBy(() -> old.openVault(PATH, JAN, text.replace("\"formatVersion\":1", "\"formatVersion\":2")
                .getBytes(StandardCharsets.UTF_8)))
                .as("version 2 is a header line and raw ciphertext, never base64 in one object")
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("line of its own");
        assertThat(old.openVault(PATH, JAN, (text + "\n").getBytes(StandardCharsets.UTF_8)).vault())
                .as("a line end after a version-1 file is white space").isEqualTo(sampleVault());
    }

    @Test
    void aTruncatedOrExtendedVersionTwoFileIsRefused() {
        byte[] file = format.sealVault(sampleVault(), 1).bytes();
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 1);
        assertThatThrownBy(() -> format.openVault(PATH, JAN, truncated))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TAMPERED));
        byte[] extended = java.util.Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> format.openVault(PATH, JAN, extended))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TAMPERED));
        int lineEnd = new String(file, StandardCharsets.ISO_8859_1).indexOf('\n');
        byte[] headerOnly = java.util.Arrays.copyOf(file, lineEnd + 1);
        assertThatThrownBy(() -> format.openVault(PATH, JAN, headerOnly))
                .isInstanceOf(FileFormatException.class);
        byte[] spaced = editHeader(file, "\"kind\":", "\"kind\": ");
        assertThatThrownBy(() -> format.openVault(PATH, JAN, spaced))
                .as("the header is authenticated as its canonical bytes")
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TAMPERED));
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = EnvelopeFormatTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void equalStatesEncodeToEqualBytesWhateverTheInsertionOrder() {
        ChatVault vault = sampleVault();
        List<ChatMessage> shuffled = new ArrayList<>(vault.messages());
        Collections.reverse(shuffled);
        ChatVault same = ChatVault.of(JAN, shuffled, vault.tombstones());
        assertThat(CanonicalJson.encodeVault(same)).isEqualTo(CanonicalJson.encodeVault(vault));
        assertThat(format.sealVault(same, 1).digest()).isEqualTo(format.sealVault(vault, 1).digest());
    }

    @Test
    void twoEncryptionsOfOneVaultDifferButDecodeEqual() {
        ChatVault vault = sampleVault();
        byte[] first = format.sealVault(vault, 1).bytes();
        byte[] second = format.sealVault(vault, 1).bytes();
        assertThat(first).isNotEqualTo(second);
        assertThat(format.openVault(PATH, JAN, first).vault()).isEqualTo(format.openVault(PATH, JAN, second).vault());
    }

    @Test
    void flippingAnyBitOfAnyByteOfAFileIsDetected() {
        ChatVault vault = ChatVault.of(JAN, List.of(ChatMessage.text("m1", "urn:chat:ab", "urn:user:a",
                Instant.parse("2024-01-15T10:00:00Z"), "hi")), List.of());
        byte[] file = format.sealVault(vault, 3).bytes();
        byte[] keyringFile = keyring;
        for (byte[] original : List.of(file, keyringFile)) {
            for (int i = 0; i < original.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] tampered = original.clone();
                    tampered[i] ^= (byte) (1 << bit);
                    int at = i;
                    int b = bit;
                    if (original == file) {
                        assertThatThrownBy(() -> format.openVault(PATH, JAN, tampered))
                                .as("vault byte %d, bit %d", at, b).isInstanceOf(FileFormatException.class);
                    } else {
                        assertThatThrownBy(() -> keys.unlock("keyring.json", tampered))
                                .as("keyring byte %d, bit %d", at, b)
                                .isInstanceOfAny(FileFormatException.class, WrongPassphraseException.class);
                    }
                }
            }
        }
    }

    @Test
    void aVaultMovedToAnotherMonthIsDetected() {
        byte[] file = format.sealVault(sampleVault(), 1).bytes();
        PartitionKey feb = PartitionKey.parse("2024-02");
        assertThatThrownBy(() -> format.openVault(feb.vaultPath(), feb, file))
                .isInstanceOfSatisfying(FileFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISPLACED);
                    assertThat(e.path()).isEqualTo(feb.vaultPath());
                })
                .hasMessageContaining("2024-01").hasMessageContaining("2024-02");

        byte[] edited = editHeader(file, "\"partition\":\"2024-01\"", "\"partition\":\"2024-02\"");
        assertThatThrownBy(() -> format.openVault(feb.vaultPath(), feb, edited))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED));
    }

    @Test
    void aManifestPassedAsAVaultAndAnEditedGenerationAreDetected() {
        ChatVault vault = sampleVault();
        byte[] manifest = format.sealManifest(VaultManifest.of(vault, 4, "ab"));
        assertThatThrownBy(() -> format.openVault(PATH, JAN, manifest))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISPLACED));
        byte[] relabelled = editHeader(manifest, "\"kind\":\"manifest\"", "\"kind\":\"vault\"");
        assertThatThrownBy(() -> format.openVault(PATH, JAN, relabelled))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED));

        byte[] older = editHeader(format.sealVault(vault, 9).bytes(), "\"generation\":9", "\"generation\":10");
        assertThatThrownBy(() -> format.openVault(PATH, JAN, older))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED));
    }

    @Test
    void aManifestRoundTrips() {
        VaultManifest manifest = VaultManifest.of(sampleVault(), 5, "00ff");
        PartitionKey key = manifest.partition();
        assertThat(format.openManifest(key.manifestPath(), key, format.sealManifest(manifest))).isEqualTo(manifest);
    }

    @Test
    void aWrongPassphraseIsAClearErrorAndAnotherKeyringsFilesAreRefused() {
        PassphraseKeys wrong = new PassphraseKeys("not it".toCharArray(), FAST);
        assertThatThrownBy(() -> wrong.unlock("remote/keyring.json", keyring))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining("remote/keyring.json").hasMessageContaining("nothing was changed");

        VaultFormat other = keys.unlock("keyring.json", keys.newKeyring());
        byte[] foreign = other.sealVault(sampleVault(), 1).bytes();
        assertThatThrownBy(() -> format.openVault(PATH, JAN, foreign))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("another chatsync remote");
    }

    @Test
    void newKeyringsRecordSixHundredThousandPbkdf2IterationsByDefault() {
        String file = new String(new PassphraseKeys("p".toCharArray(), CodecOptions.DEFAULTS).newKeyring(),
                StandardCharsets.UTF_8);
        assertThat(file).contains("\"name\":\"PBKDF2-HMAC-SHA256\"", "\"iterations\":600000", "\"salt\":");
    }

    @Test
    void aKeyringWeakenedBelowTheFloorIsRefused() {
        PassphraseKeys strict = new PassphraseKeys("s3cret passphrase".toCharArray(), CodecOptions.DEFAULTS);
        assertThatThrownBy(() -> strict.unlock("keyring.json", keyring))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("1000 PBKDF2 iterations");
    }

    /** Issue 13, items 6 and 7: a planted cost or salt is refused at once, naming the file. */
    @Test
    void aKeyringAskingForHoursOfWorkOrWithoutASaltIsRefusedBeforeAnyDerivation() {
        String text = new String(keyring, StandardCharsets.UTF_8);
        byte[] costly = text.replace("\"iterations\":1000,", "\"iterations\":100000000,")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(costly).isNotEqualTo(keyring);
        // Accepted, it would have been derived for minutes and then blamed on the passphrase.
        assertThatThrownBy(() -> keys.unlock("remote/keyring.json", costly))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("remote/keyring.json").hasMessageContaining("100000000 PBKDF2 iterations")
                .hasMessageContaining("not written by chatsync").hasMessageNotContaining("passphrase");

        byte[] saltless = text.replaceFirst("\"salt\":\"[^\"]*\"", "\"salt\":\"\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> keys.unlock("remote/keyring.json", saltless))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("remote/keyring.json").hasMessageContaining("0-byte salt");
    }

    /**
     * sync-core alone has PBKDF2 only: a keyring that another device protected with Argon2id (made
     * where sync-argon2 was present) is refused before anything is asked or derived, naming the module.
     */
    @Test
    void anArgon2idKeyringReadWithoutSyncArgon2IsRefusedNamingTheModuleToAdd() {
        assertThat(java.util.ServiceLoader.load(io.tinywide.chatsync.core.port.out.KeyDerivation.class).stream()
                .map(p -> p.get().name())).as("sync-argon2 is not on sync-core's test class path")
                .doesNotContain("Argon2id");
        String text = new String(keyring, StandardCharsets.UTF_8);
        byte[] argon2id = text.replace("{\"name\":\"PBKDF2-HMAC-SHA256\",\"iterations\":1000,",
                "{\"name\":\"Argon2id\",\"memoryKiB\":47104,\"iterations\":1,\"parallelism\":1,")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(argon2id).isNotEqualTo(keyring);
        PassphraseKeys neverAsked = new PassphraseKeys(purpose -> {
            throw new AssertionError("the passphrase was asked for (" + purpose + ")");
        }, FAST);
        assertThatThrownBy(() -> neverAsked.unlock("remote/keyring.json", argon2id))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION))
                .hasMessage("remote/keyring.json: protects its passphrase with key derivation 'Argon2id', which this "
                        + "build of chatsync lacks: add the module io.tinywide.chatsync:sync-argon2 to the application "
                        + "(chatsync.jar has it)");
    }

    @Test
    void unknownVersionsForeignFilesAndUnknownFieldsAreClearErrors() {
        byte[] sealed = format.sealVault(sampleVault(), 1).bytes();
        assertThatThrownBy(() -> format.openVault(PATH, JAN,
                editHeader(sealed, "\"formatVersion\":2", "\"formatVersion\":3")))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION))
                .hasMessageContaining("newer chatsync");
        assertThatThrownBy(() -> format.openVault(PATH, JAN,
                editHeader(sealed, "{\"format\"", "{\"extra\":1,\"format\"")))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> format.openVault(PATH, JAN, "{\"format\":\"kopia\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining("not a chatsync file");
        assertThatThrownBy(() -> format.openVault(PATH, JAN, "PK\u0003\u0004 zip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
                .hasMessageContaining(PATH);
        assertThatThrownBy(() -> format.openVault(PATH, JAN, new byte[0]))
                .isInstanceOf(FileFormatException.class);
    }

    @Test
    void filesOverTheLimitAreRefusedBeforeParsingAndBombsAreBounded() {
        VaultFormat small = new PassphraseKeys("s3cret passphrase".toCharArray(), FAST.withMaxFileSize(100))
                .unlock("keyring.json", keyring);
        assertThatThrownBy(() -> small.openVault(PATH, JAN, format.sealVault(sampleVault(), 1).bytes()))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE));
        assertThatThrownBy(() -> small.sealVault(sampleVault(), 1))
                .as("a file no reader would accept is never produced")
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE))
                .hasMessageContaining("nothing was written");

        List<ChatMessage> many = new ArrayList<>();
        String filler = "x".repeat(10_000);
        for (int i = 0; i < 200; i++) {
            many.add(ChatMessage.text("m" + i, "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"),
                    filler));
        }
        byte[] compressible = format.sealVault(ChatVault.of(JAN, many, List.of()), 1).bytes();
        VaultFormat tight = new PassphraseKeys("s3cret passphrase".toCharArray(),
                new CodecOptions(1 << 20, 100_000, 1_000)).unlock("keyring.json", keyring);
        assertThat(compressible.length).isLessThan(100_000);
        assertThatThrownBy(() -> tight.openVault(PATH, JAN, compressible))
                .isInstanceOfSatisfying(FileFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE))
                .hasMessageContaining("expands");
    }

    /** Issue 13, item 1: a month of 30 messages with 760 KB payloads, sealed to about 30 MB of base64. */
    @Test
    void aBigMonthThatChatsyncWritesItReadsBack() {
        java.util.Random random = new java.util.Random(13);
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] payload = new byte[760_000];
            random.nextBytes(payload);
            messages.add(new ChatMessage("big" + i, "urn:chat:ab", "urn:user:a",
                    Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i), "file", null, payload, null, List.of(),
                    Map.of(), EditVersion.INITIAL));
        }
        ChatVault vault = ChatVault.of(JAN, messages, List.of());
        SealedVault sealed = format.sealVault(vault, 1);
        assertThat(sealed.bytes().length).as("over Jackson's default 20,000,000-character string")
                .isGreaterThan(20_000_000);
        assertThat(format.openVault(PATH, JAN, sealed.bytes()).vault()).isEqualTo(vault);
    }

    @Test
    void aFileExactlyAtTheLimitRoundTripsAndOneByteLessRefusesToSealIt() {
        ChatVault vault = sampleVault();
        int size = format.sealVault(vault, 1).bytes().length; // the same for every seal: only the nonce differs
        VaultFormat atLimit = new PassphraseKeys("s3cret passphrase".toCharArray(), FAST.withMaxFileSize(size))
                .unlock("keyring.json", keyring);
        byte[] sealed = atLimit.sealVault(vault, 1).bytes();
        assertThat(sealed).hasSize(size);
        assertThat(atLimit.openVault(PATH, JAN, sealed).vault()).isEqualTo(vault);

        VaultFormat pastLimit = new PassphraseKeys("s3cret passphrase".toCharArray(), FAST.withMaxFileSize(size - 1))
                .unlock("keyring.json", keyring);
        assertThatThrownBy(() -> pastLimit.sealVault(vault, 1))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TOO_LARGE))
                .hasMessageContaining(String.valueOf(size));
        assertThatThrownBy(() -> pastLimit.openVault(PATH, JAN, sealed))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.TOO_LARGE));
    }
}
