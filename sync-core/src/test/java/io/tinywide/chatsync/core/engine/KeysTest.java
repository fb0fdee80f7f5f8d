package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.KeyManagement.KeyringReport;
import io.tinywide.chatsync.core.port.in.KeyManagement.RotationReport;
import io.tinywide.chatsync.core.port.in.KeyringReplacedException;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18: a device unlocks a remote once and pins its key; the passphrase changes, a recovery key
 * opens the remote on a new device, and a rotation re-seals every month, resumably, while the other
 * devices follow; a replaced keyring is refused.
 */
class KeysTest {
    private static final String PASS = "correct horse battery staple";
    private static final EngineSettings SETTINGS = EngineSettings.DEFAULTS.withParallelism(2);
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");

    private final MemoryStorage remote = new MemoryStorage("remote");
    private final List<PassphraseSource.Purpose> asked = new ArrayList<>();

    /** Keys whose passphrase source records each time it is asked, as a prompt would be. */
    private VaultKeys counted(String passphrase) {
        return counted(passphrase, null);
    }

    private VaultKeys counted(String passphrase, RecoveryKey recovery) {
        return new PassphraseKeys(purpose -> {
            asked.add(purpose);
            return passphrase.toCharArray();
        }, recovery, CodecOptions.DEFAULTS.withKdfIterations(1_000));
    }

    private static VaultKeys noPassphrase() {
        return new PassphraseKeys(purpose -> {
            throw new IllegalStateException("no passphrase should be needed: " + purpose);
        }, null, CodecOptions.DEFAULTS.withKdfIterations(1_000));
    }

    /** A device of this test: its own stores and key store; {@link #on} gives it another engine, as after a restart. */
    private static final class Phone {
        final InMemoryMessageStore store = new InMemoryMessageStore();
        final InMemorySyncStateStore state = new InMemorySyncStateStore();
        final DeviceKeyStore kept;

        Phone(DeviceKeyStore kept) {
            this.kept = kept;
        }

        ChatVaultEngine on(CloudStorage storage, VaultKeys keys) {
            return new ChatVaultEngine(Map.of("mem", storage), store, state, keys, kept, SETTINGS);
        }

        KeyManager keys(CloudStorage storage, VaultKeys keys) {
            return new KeyManager(Map.of("mem", storage), keys, kept, SETTINGS);
        }
    }

    private static void say(Phone p, String id, String at) {
        p.store.save(io.tinywide.chatsync.core.domain.ChatMessage.text(id, "urn:chat:ab", "urn:user:a",
                java.time.Instant.parse(at), "text of " + id));
    }

    @Test
    void aRestartedDeviceSyncsWithoutThePassphraseAndDerivesNothing() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        assertThat(a.on(remote, counted(PASS)).syncMessages("mem").isComplete()).isTrue();
        assertThat(asked).containsExactly(PassphraseSource.Purpose.NEW_KEYRING);

        say(a, "a2", "2024-01-11T10:00:00Z");
        remote.clearRecords();
        ChatVaultEngine restarted = a.on(remote, noPassphrase());     // a new process: only the stores remain
        assertThat(restarted.syncMessages("mem").isComplete()).isTrue();
        assertThat(remote.reads).as("the keyring is not even read: its listed revision is the kept one")
                .doesNotContain("keyring.json");
        remote.clearRecords();
        assertThat(a.on(remote, noPassphrase()).syncMessages("mem").partitionsUploaded()).isZero();
        assertThat(remote.reads).as("a sync with nothing to do reads nothing").isEmpty();
        assertThat(a.on(remote, noPassphrase()).restoreVaultForDate(java.time.LocalDate.of(2024, 1, 2))
                .isComplete()).isTrue();
    }

    @Test
    void aDeviceThatOptedOutIsAskedOncePerRunAndStillRefusesAReplacedKeyring() {
        Phone a = new Phone(new InMemoryDeviceKeyStore(false));
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(remote, counted(PASS)).syncMessages("mem");
        asked.clear();
        ChatVaultEngine restarted = a.on(remote, counted(PASS));
        restarted.syncMessages("mem");
        restarted.syncMessages("mem");
        assertThat(asked).as("no key kept: asked again, once per run").containsExactly(PassphraseSource.Purpose.UNLOCK);
        assertThat(a.kept.kept("memory:remote").orElseThrow().vaultKey()).isNull();

        replaceKeyringWithAnotherOfTheSamePassphrase();
        assertThatThrownBy(() -> a.on(remote, counted(PASS)).syncMessages("mem"))
                .isInstanceOf(KeyringReplacedException.class);
    }

    /** Someone who knows the passphrase starts another history: a new keyring that opens with it. */
    private byte[] replaceKeyringWithAnotherOfTheSamePassphrase() {
        byte[] other = TestKeys.of(PASS).newKeyring();
        remote.put("keyring.json", other);
        return other;
    }

    @Test
    void aReplacedKeyringIsRefusedBeforeAnythingIsWrittenAndTrustedOnlyWhenTold() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(remote, counted(PASS)).syncMessages("mem");
        byte[] other = replaceKeyringWithAnotherOfTheSamePassphrase();
        say(a, "a2", "2024-01-11T10:00:00Z");
        remote.clearRecords();
        asked.clear();

        assertThatThrownBy(() -> a.on(remote, counted(PASS)).syncMessages("mem"))
                .isInstanceOfSatisfying(KeyringReplacedException.class, e -> {
                    assertThat(e.foundKeyId()).isNotEqualTo(e.pinnedKeyId());
                    assertThat(e.getMessage()).contains("someone replaced keyring.json", "Nothing was written",
                            "chatsync key trust");
                });
        assertThat(remote.writes).isEmpty();
        assertThat(asked).as("refused before any passphrase is asked").isEmpty();
        assertThatThrownBy(() -> a.on(remote, counted(PASS)).restoreConversation("urn:chat:ab"))
                .isInstanceOf(KeyringReplacedException.class);

        KeyringReport trusted = a.keys(remote, counted(PASS)).trust("mem");
        assertThat(trusted.pinnedKeyId()).contains(trusted.keyId());
        assertThat(remote.bytes("keyring.json")).isEqualTo(other);
        assertThat(a.on(remote, noPassphrase()).syncMessages("mem").failures()).as("the old month, sealed with the "
                + "old key, is reported, never overwritten").hasSize(1);
    }

    @Test
    void theStorageOwnerCannotMakeADeviceAdoptTheirKeyEvenWithAForgedRotationRecord() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(remote, counted(PASS)).syncMessages("mem");
        String pinned = a.kept.kept("memory:remote").orElseThrow().keyId();
        // The owner knows neither the passphrase nor any key: their keyring opens with their own
        // passphrase, and claims a rotation from the pinned key with a proof they cannot make.
        String theirs = new String(new PassphraseKeys("the owner's own".toCharArray(),
                CodecOptions.DEFAULTS.withKdfIterations(1_000)).newKeyring(), java.nio.charset.StandardCharsets.UTF_8);
        String keyId = theirs.replaceAll(".*\"keyId\":\"(k[0-9a-f]+)\".*", "$1");
        String forged = theirs.substring(0, theirs.length() - 1) + ",\"rotations\":[{\"from\":\"" + pinned
                + "\",\"to\":\"" + keyId + "\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"proof\":\""
                + java.util.Base64.getEncoder().encodeToString(new byte[48]) + "\"}]}";
        remote.put("keyring.json", forged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        asked.clear();
        remote.clearRecords();
        assertThatThrownBy(() -> a.on(remote, counted(PASS)).syncMessages("mem"))
                .isInstanceOf(KeyringReplacedException.class);
        assertThat(asked).as("a claimed rotation is checked before any passphrase is asked").isEmpty();
        assertThat(remote.writes).isEmpty();
    }

    @Test
    void thePassphraseChangesWithoutRewritingAVaultAndOtherDevicesKeepWorking() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        Phone b = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(remote, counted(PASS)).syncMessages("mem");
        b.on(remote, counted(PASS)).syncMessages("mem");
        byte[] vault = remote.bytes(JAN.vaultPath());

        byte[] keyring = remote.bytes("keyring.json");
        assertThatThrownBy(() -> a.keys(remote, counted("not the passphrase")).changePassphrase("mem",
                purpose -> "new one".toCharArray())).isInstanceOf(WrongPassphraseException.class);
        assertThat(remote.bytes("keyring.json")).as("a wrong old passphrase changes nothing").isEqualTo(keyring);

        KeyringReport changed = a.keys(remote, counted(PASS)).changePassphrase("mem",
                purpose -> "the new passphrase".toCharArray());
        assertThat(changed.methods()).extracting(Keyring.Method::kind).containsExactly(Keyring.Method.Kind.PASSPHRASE);
        assertThat(remote.bytes(JAN.vaultPath())).as("no vault rewritten").isEqualTo(vault);
        say(b, "b1", "2024-01-12T10:00:00Z");
        assertThat(b.on(remote, noPassphrase()).syncMessages("mem").isComplete())
                .as("b kept the key, which did not change").isTrue();
        assertThatThrownBy(() -> new Phone(new InMemoryDeviceKeyStore()).on(remote, counted(PASS)).syncMessages("mem"))
                .isInstanceOf(WrongPassphraseException.class);
        Phone c = new Phone(new InMemoryDeviceKeyStore());
        assertThat(c.on(remote, counted("the new passphrase")).syncMessages("mem").isComplete()).isTrue();
        assertThat(c.store.message("b1")).isPresent();
    }

    @Test
    void aRecoveryKeyOpensTheRemoteOnANewDeviceAndEitherWayCanBeRemovedButNotTheLast() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(remote, counted(PASS)).syncMessages("mem");
        RecoveryKey recovery = a.keys(remote, counted(PASS)).addRecoveryKey("mem");
        RecoveryKey typed = RecoveryKey.parse(recovery.grouped().toLowerCase().replace("-", " "));

        Phone lost = new Phone(new InMemoryDeviceKeyStore());         // the passphrase is forgotten
        assertThat(lost.on(remote, new PassphraseKeys(purpose -> {
            throw new IllegalStateException("forgotten");
        }, typed, CodecOptions.DEFAULTS.withKdfIterations(1_000))).syncMessages("mem").isComplete()).isTrue();
        assertThat(lost.store.message("a1")).isPresent();

        KeyringReport withoutPassphrase = a.keys(remote, counted(PASS)).removeUnlockMethod("mem",
                Keyring.Method.Kind.PASSPHRASE);
        assertThat(withoutPassphrase.methods()).extracting(Keyring.Method::kind)
                .containsExactly(Keyring.Method.Kind.RECOVERY);
        byte[] keyring = remote.bytes("keyring.json");
        assertThatThrownBy(() -> a.keys(remote, counted(PASS, typed)).removeUnlockMethod("mem",
                Keyring.Method.Kind.RECOVERY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only way left");
        assertThat(remote.bytes("keyring.json")).isEqualTo(keyring);

        // With the recovery key, a new passphrase: the forgotten one is replaced.
        a.keys(remote, counted("ignored", typed)).changePassphrase("mem", purpose -> "found again".toCharArray());
        assertThat(new Phone(new InMemoryDeviceKeyStore()).on(remote, counted("found again")).syncMessages("mem")
                .isComplete()).isTrue();
    }

    @Test
    void aRotationReSealsEveryMonthAndTheOtherDevicesFollowWithThePassphraseOnce() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        Phone b = new Phone(new InMemoryDeviceKeyStore());
        for (int month = 1; month <= 5; month++) {
            say(a, "m" + month, String.format("2024-%02d-10T10:00:00Z", month));
        }
        a.on(remote, counted(PASS)).syncMessages("mem");
        b.on(remote, counted(PASS)).syncMessages("mem");
        String oldKey = a.kept.kept("memory:remote").orElseThrow().keyId();
        byte[] oldJanuary = remote.bytes(JAN.vaultPath());

        RotationReport rotated = a.keys(remote, counted(PASS)).rotate("mem", SyncListener.NONE);
        assertThat(rotated.finished()).isTrue();
        assertThat(rotated.resealed()).isEqualTo(5);
        assertThat(rotated.fromKeyId()).isEqualTo(oldKey);
        for (String path : remote.paths()) {
            if (!path.equals("keyring.json")) {
                assertThat(new String(remote.bytes(path), java.nio.charset.StandardCharsets.UTF_8))
                        .as(path).contains("\"keyId\":\"" + rotated.toKeyId() + "\"");
            }
        }
        assertThat(a.keys(remote, noPassphrase()).describe("mem").rotation()).isEmpty();

        asked.clear();
        say(b, "b1", "2024-05-11T10:00:00Z");
        assertThat(b.on(remote, counted(PASS)).syncMessages("mem").isComplete()).isTrue();
        assertThat(asked).as("b follows the rotation with the passphrase, once").containsExactly(
                PassphraseSource.Purpose.UNLOCK);
        assertThat(b.kept.kept("memory:remote").orElseThrow().keyId()).isEqualTo(rotated.toKeyId());
        assertThat(a.on(remote, noPassphrase()).syncMessages("mem").isComplete()).isTrue();
        assertThat(a.store.message("b1")).isPresent();

        remote.put(JAN.vaultPath(), oldJanuary);              // a file of the retired key comes back
        Phone c = new Phone(new InMemoryDeviceKeyStore());
        assertThat(c.on(remote, counted(PASS)).restoreVaultForDate(java.time.LocalDate.of(2024, 1, 10)).failures())
                .singleElement().satisfies(f -> assertThat(f.reason()).contains("rotation retired"));
    }

    /** Stands for the process dying: an Error no partition's failure handling catches. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aRotationStoppedHalfWayLosesNothingAndTheNextCallFinishesIt() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        for (int month = 1; month <= 6; month++) {
            say(a, "m" + month, String.format("2024-%02d-10T10:00:00Z", month));
        }
        a.on(remote, counted(PASS)).syncMessages("mem");
        AtomicInteger vaultWrites = new AtomicInteger();
        remote.afterWrite = path -> {
            if (path.contains("chat_vault") && vaultWrites.incrementAndGet() == 3) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> a.keys(remote, counted(PASS)).rotate("mem", SyncListener.NONE))
                .isInstanceOf(Crash.class);
        remote.afterWrite = path -> { };
        KeyringReport halfWay = a.keys(remote, noPassphrase()).describe("mem");
        assertThat(halfWay.rotation()).hasValueSatisfying(r -> {
            assertThat(r.filesLeft()).isPositive().isLessThan(r.files());
            assertThat(r.files()).isEqualTo(12);
        });
        Phone b = new Phone(new InMemoryDeviceKeyStore());
        assertThat(b.on(remote, counted(PASS)).syncMessages("mem").isComplete())
                .as("half-way, both keys open the remote").isTrue();

        RotationReport finished = a.keys(remote, counted(PASS)).rotate("mem", SyncListener.NONE);
        assertThat(finished.finished()).isTrue();
        assertThat(finished.toKeyId()).isEqualTo(halfWay.keyId());
        assertThat(finished.resealed()).as("only what was left: b re-sealed the months it synced").isBetween(0, 3);
        Phone c = new Phone(new InMemoryDeviceKeyStore());
        c.on(remote, counted(PASS)).syncMessages("mem");
        for (int month = 1; month <= 6; month++) {
            c.on(remote, noPassphrase()).restoreVaultForDate(java.time.LocalDate.of(2024, month, 1));
            assertThat(c.store.message("m" + month)).as("month " + month).isPresent();
        }
    }

    @Test
    void onAStorageThatKeepsVersionsConcurrentKeyChangesBothStay() throws Exception {
        InMemoryStorage storage = InMemoryStorage.versioned("drive-like", Duration.ofMillis(10));
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        a.on(storage.sharedView(), counted(PASS)).syncMessages("mem");
        RecoveryKey recoveryBefore = a.keys(storage.sharedView(), counted(PASS)).addRecoveryKey("mem");
        String passphraseBefore = PASS;
        for (int round = 0; round < 4; round++) {
            // One device changes the passphrase while another, holding the recovery key, replaces it:
            // neither change touches the other's secret, so both must stay.
            String next = "passphrase " + round;
            KeyManager changesPassphrase = new Phone(new InMemoryDeviceKeyStore()).keys(storage.sharedView(),
                    counted(passphraseBefore));
            KeyManager replacesRecovery = new Phone(new InMemoryDeviceKeyStore()).keys(storage.sharedView(),
                    recoveryOnly(recoveryBefore));
            CompletableFuture<KeyringReport> passwd = CompletableFuture.supplyAsync(() -> changesPassphrase
                    .changePassphrase("mem", purpose -> next.toCharArray()));
            CompletableFuture<RecoveryKey> recovery = CompletableFuture.supplyAsync(() -> replacesRecovery
                    .addRecoveryKey("mem"));
            passwd.get();
            RecoveryKey added = recovery.get();
            byte[] keyring = storage.read("keyring.json", VaultKeys.MAX_KEYRING_BYTES).map(RemoteObject::bytes)
                    .orElseThrow();
            assertThat(counted(next).read("keyring.json", keyring).unlock()).as("round %d: the new passphrase stayed",
                    round).isNotNull();
            assertThat(recoveryOnly(added).read("keyring.json", keyring).unlock())
                    .as("round %d: the new recovery key stayed", round).isNotNull();
            VaultKeys replaced = recoveryOnly(recoveryBefore);
            assertThatThrownBy(() -> replaced.read("keyring.json", keyring).unlock())
                    .isInstanceOf(WrongPassphraseException.class);
            assertThat(storage.readVersions("keyring.json", VaultKeys.MAX_KEYRING_BYTES)).as("one version left")
                    .hasSize(1);
            passphraseBefore = next;
            recoveryBefore = added;
        }
    }

    private static VaultKeys recoveryOnly(RecoveryKey key) {
        return new PassphraseKeys(purpose -> {
            throw new IllegalStateException("recovery only");
        }, key, CodecOptions.DEFAULTS.withKdfIterations(1_000));
    }

    @Test
    void aKeyringOfVersionOneKeepsWorkingAndBecomesVersionTwoOnAPassphraseChange() {
        Phone a = new Phone(new InMemoryDeviceKeyStore());
        say(a, "a1", "2024-01-10T10:00:00Z");
        remote.put("keyring.json", KeyringV1.make(PASS));
        assertThat(a.on(remote, counted(PASS)).syncMessages("mem").isComplete()).isTrue();
        assertThat(a.keys(remote, noPassphrase()).describe("mem").formatVersion()).isEqualTo(1);
        a.keys(remote, counted(PASS)).changePassphrase("mem", purpose -> "new".toCharArray());
        KeyringReport after = a.keys(remote, noPassphrase()).describe("mem");
        assertThat(after.formatVersion()).isEqualTo(2);
        Phone b = new Phone(new InMemoryDeviceKeyStore());
        assertThat(b.on(remote, counted("new")).syncMessages("mem").isComplete()).isTrue();
        assertThat(b.store.message("a1")).isPresent();
        remote.delete("keyring.json", WriteCondition.unconditional());
    }
}
