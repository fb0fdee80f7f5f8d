package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.KeyringReplacedException;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatVaultEngineTest {
    private static final String PASS = "correct horse battery staple";
    private static final EngineSettings SETTINGS = EngineSettings.DEFAULTS.withParallelism(3);
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final PartitionKey FEB = PartitionKey.parse("2024-02");
    private static final PartitionKey JUN = PartitionKey.parse("2024-06");

    private final MemoryStorage remote = new MemoryStorage("remote");

    private Device device(String name) {
        return new Device(name, remote, PASS, SETTINGS);
    }

    /** Six months of history in two conversations; "urn:chat:old" only in January and February. */
    private static void history(Device d) {
        d.say("j1", "urn:chat:old", "2024-01-05T10:00:00Z", "happy new year");
        d.say("j2", "urn:chat:ab", "2024-01-31T23:59:59Z", "last of january");
        d.say("f1", "urn:chat:old", "2024-02-01T00:00:00Z", "first of february");
        for (int month = 3; month <= 6; month++) {
            for (int i = 0; i < 5; i++) {
                d.say("m" + month + "-" + i, "urn:chat:ab", String.format("2024-%02d-1%dT08:00:00Z", month, i),
                        "msg " + month + "/" + i);
            }
        }
    }

    @Test
    void twoDevicesConvergeAndANewDeviceFetchesOnlyTheRecentMonthsEagerly() {
        Device a = device("a");
        history(a);
        SyncReport first = a.sync();
        assertThat(first.isComplete()).as(first.failures().toString()).isTrue();
        assertThat(first.partitionsUploaded()).isEqualTo(6);
        assertThat(first.messagesUp()).isEqualTo(23);

        Device b = device("b");
        SyncReport second = b.sync();
        assertThat(second.isComplete()).isTrue();
        assertThat(b.store.partitionVersions().keySet()).containsExactly(
                PartitionKey.parse("2024-04"), PartitionKey.parse("2024-05"), JUN);
        assertThat(b.store.message("j1")).isEmpty();

        RestoreReport restored = b.engine.restoreVaultForDate(LocalDate.of(2024, 1, 20));
        assertThat(restored.partitionsFetched()).containsExactly(JAN);
        assertThat(b.store.message("j1")).isPresent();

        b.delete("j1");
        a.edit("m6-0", "edited on a");
        b.say("b-new", "urn:chat:ab", "2024-06-20T12:00:00Z", "from b");
        for (int round = 0; round < 2; round++) {
            assertThat(a.sync().isComplete()).isTrue();
            assertThat(b.sync().isComplete()).isTrue();
        }
        assertThat(a.store.message("j1")).isEmpty();
        assertThat(a.store.message("b-new")).isPresent();
        assertThat(b.store.message("m6-0").orElseThrow().text()).isEqualTo("edited on a");
        for (PartitionKey key : b.store.partitionVersions().keySet()) {
            assertThat(b.store.load(key).vault()).isEqualTo(a.store.load(key).vault());
        }
    }

    @Test
    void aDeletionWinsOverAConcurrentEditInEitherSyncOrder() {
        for (boolean deleterFirst : new boolean[] {true, false}) {
            MemoryStorage storage = new MemoryStorage("order-" + deleterFirst);
            Device a = new Device("a", storage, PASS, SETTINGS);
            Device b = new Device("b", storage, PASS, SETTINGS);
            a.say("x", "urn:chat:ab", "2024-03-01T10:00:00Z", "original");
            a.sync();
            b.sync();
            a.delete("x");
            b.edit("x", "edited later");
            Device firstToSync = deleterFirst ? a : b;
            Device second = deleterFirst ? b : a;
            firstToSync.sync();
            second.sync();
            firstToSync.sync();
            assertThat(a.store.message("x")).as("deleter first: " + deleterFirst).isEmpty();
            assertThat(b.store.message("x")).as("deleter first: " + deleterFirst).isEmpty();
            assertThat(a.store.load(PartitionKey.parse("2024-03")).vault().isDeleted("x")).isTrue();
        }
    }

    @Test
    void anIncrementalSyncTouchesOnlyTheChangedMonthsTwoFiles() {
        Device a = device("a");
        history(a);
        a.sync();
        Device b = device("b");
        b.sync();

        a.edit("m4-2", "changed");
        remote.clearRecords();
        SyncReport report = a.sync();

        String vault = PartitionKey.parse("2024-04").vaultPath();
        String manifest = PartitionKey.parse("2024-04").manifestPath();
        assertThat(report.partitionsVisited()).isEqualTo(1);
        assertThat(remote.writes).containsExactly(vault, manifest);
        assertThat(remote.reads).containsExactly(vault);
        assertThat(remote.listings).containsExactly(Map.entry("", 1));

        remote.clearRecords();
        SyncReport onB = b.sync();
        assertThat(onB.partitionsDownloaded()).isEqualTo(1);
        assertThat(remote.writes).isEmpty();
        assertThat(remote.reads).containsExactlyInAnyOrder(vault, manifest);
        assertThat(b.store.message("m4-2").orElseThrow().text()).isEqualTo("changed");

        remote.clearRecords();
        assertThat(a.sync().partitionsVisited()).isZero();
        assertThat(b.sync().partitionsVisited()).isZero();
        assertThat(remote.reads).isEmpty();
        assertThat(remote.writes).isEmpty();
    }

    @Test
    void aFailedReadIsNeverTakenForAnAbsentFile() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        a.sync();
        byte[] before = remote.bytes(JAN.vaultPath());

        Device b = device("b");
        b.say("b1", "urn:chat:ab", "2024-01-11T10:00:00Z", "from b");
        b.say("b2", "urn:chat:ab", "2024-02-11T10:00:00Z", "february from b");
        remote.failReads = JAN.vaultPath()::equals;
        remote.clearRecords();
        SyncReport failed = b.sync();

        assertThat(failed.failures()).extracting(PartitionFailure::partition).containsExactly(JAN);
        assertThat(failed.failures().get(0).reason()).contains(JAN.toString(), "sync again later");
        assertThat(remote.bytes(JAN.vaultPath())).as("vault untouched").isEqualTo(before);
        assertThat(remote.writes).doesNotContain(JAN.vaultPath());
        assertThat(remote.paths()).as("other months still sync").contains(FEB.vaultPath());

        remote.failReads = p -> false;
        assertThat(b.sync().isComplete()).isTrue();
        a.sync();
        assertThat(a.store.message("b1")).isPresent();
        assertThat(b.store.message("a1")).isPresent();
    }

    @Test
    void aTamperedVaultIsReportedAndLeftUntouchedWhileOtherMonthsSync() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        a.sync();
        byte[] tampered = remote.bytes(JAN.vaultPath());
        tampered[tampered.length / 2] ^= 0x01;
        remote.put(JAN.vaultPath(), tampered);

        a.say("a2", "urn:chat:ab", "2024-01-12T10:00:00Z", "more january");
        a.say("a3", "urn:chat:ab", "2024-02-12T10:00:00Z", "february");
        SyncReport report = a.sync();

        assertThat(report.failures()).hasSize(1);
        PartitionFailure failure = report.failures().get(0);
        assertThat(failure.partition()).isEqualTo(JAN);
        assertThat(failure.cause()).isInstanceOf(FileFormatException.class);
        assertThat(failure.reason()).contains(JAN.vaultPath(), "left untouched");
        assertThat(remote.bytes(JAN.vaultPath())).isEqualTo(tampered);
        assertThat(a.store.message("a2")).as("local data kept").isPresent();
        assertThat(remote.paths()).contains(FEB.vaultPath(), FEB.manifestPath());
    }

    @Test
    void aCrashBetweenTheVaultAndItsManifestIsFinishedByTheNextSync() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        remote.failWrites = JAN.manifestPath()::equals;
        SyncReport crashed = a.sync();
        assertThat(crashed.failures()).extracting(PartitionFailure::partition).containsExactly(JAN);
        assertThat(remote.paths()).contains(JAN.vaultPath()).doesNotContain(JAN.manifestPath());

        remote.failWrites = p -> false;
        a.restart(remote, PASS, SETTINGS);
        SyncReport healed = a.sync();
        assertThat(healed.isComplete()).isTrue();
        assertThat(healed.partitionsUploaded()).as("the vault already held everything").isZero();
        assertThat(remote.paths()).contains(JAN.manifestPath());

        Device c = device("c");
        RestoreReport lazy = c.engine.restoreConversation("urn:chat:ab");
        assertThat(lazy.partitionsFetched()).containsExactly(JAN);
        assertThat(c.store.message("a1")).isPresent();
    }

    @Test
    void aWriteThatReachedTheServerButReportedFailureLosesNothing() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        remote.failAfterWrites = JAN.vaultPath()::equals;
        assertThat(a.sync().isComplete()).isFalse();

        remote.failAfterWrites = p -> false;
        SyncReport next = a.sync();
        assertThat(next.isComplete()).isTrue();
        assertThat(a.sync().partitionsVisited()).as("settled").isZero();
        Device b = device("b");
        b.sync();
        assertThat(b.store.message("a1")).isPresent();
    }

    @Test
    void aCrashBeforeTheSyncStateIsSavedMakesTheNextSyncRedoTheWork() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        SyncStateStore crashing = new SyncStateStore() {
            @Override
            public Map<PartitionKey, PartitionState> load(String r) {
                return Map.of();
            }

            @Override
            public void save(String r, PartitionKey partition, PartitionState state) {
                throw new IllegalStateException("simulated crash before the state was saved");
            }
        };
        Device crashed = new Device("a", remote, PASS, SETTINGS, a.store, crashing);
        assertThat(crashed.sync().isComplete()).isFalse();

        Device restarted = new Device("a", remote, PASS, SETTINGS, a.store, new InMemorySyncStateStore());
        a.say("a2", "urn:chat:ab", "2024-01-11T10:00:00Z", "after the crash");
        assertThat(restarted.sync().isComplete()).isTrue();
        Device b = device("b");
        b.sync();
        assertThat(b.store.message("a1")).isPresent();
        assertThat(b.store.message("a2")).isPresent();
    }

    @Test
    void aRolledBackVaultIsReportedAndMergedNeverTrustedToDelete() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        byte[] old = remote.bytes(JAN.vaultPath());
        a.say("a2", "urn:chat:ab", "2024-01-11T10:00:00Z", "two");
        a.delete("a1");
        a.sync();

        remote.put(JAN.vaultPath(), old);
        SyncReport report = a.sync();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("rolled back", JAN.toString()));
        assertThat(report.partitionsUploaded()).isEqualTo(1);
        assertThat(a.store.message("a2")).isPresent();
        assertThat(a.store.message("a1")).as("the old copy does not resurrect a deletion").isEmpty();

        Device b = device("b");
        b.sync();
        assertThat(b.store.message("a2")).isPresent();
        assertThat(b.store.message("a1")).isEmpty();
    }

    @Test
    void aRestoreThatMeetsARolledBackMonthLeavesItForTheNextSyncToRepair() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        byte[] old = remote.bytes(JAN.vaultPath());
        a.delete("a1");
        a.say("a2", "urn:chat:ab", "2024-01-11T10:00:00Z", "two");
        a.sync();

        remote.put(JAN.vaultPath(), old);                       // a backup of the old month is put back
        a.engine.restoreVaultForDate(LocalDate.of(2024, 1, 20));  // restores never write
        SyncReport repair = a.sync();
        assertThat(repair.partitionsUploaded()).as("the sync after the restore repairs the month").isEqualTo(1);

        Device b = device("b");
        b.sync();
        assertThat(b.store.message("a1")).as("no resurrection").isEmpty();
        assertThat(b.store.message("a2")).as("nothing missing").isPresent();
    }

    @Test
    void aMissingKeyringNextToExistingVaultsIsAnErrorNeverANewKey() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        byte[] keyring = remote.bytes("keyring.json");
        remote.delete("keyring.json", io.tinywide.chatsync.core.port.out.WriteCondition.unconditional());
        remote.clearRecords();

        Device b = device("b");
        assertThatThrownBy(b::sync).isInstanceOf(io.tinywide.chatsync.core.port.out.StorageException.class)
                .hasMessageContaining("keyring.json is missing").hasMessageContaining("nothing was written")
                .hasMessageContaining("If no copy of it exists").hasMessageContaining("new, empty remote");
        Device restarted = new Device("a", remote, PASS, SETTINGS, a.store, a.state);
        assertThatThrownBy(restarted::sync).hasMessageContaining("keyring.json is missing");
        assertThat(remote.writes).isEmpty();

        remote.put("keyring.json", keyring);
        assertThat(b.sync().isComplete()).isTrue();
        assertThat(b.store.message("a1")).isPresent();

        remote.wipe();                                           // an empty mount point, say
        Device again = new Device("a", remote, PASS, SETTINGS, a.store, a.state);
        assertThatThrownBy(again::sync).hasMessageContaining("synced with this remote before")
                .hasMessageContaining("emptied on purpose");
        assertThat(remote.paths()).isEmpty();
    }

    @Test
    void restoresNeverWriteNotEvenAKeyringOnARemoteThatHasNone() {
        Device fresh = device("fresh");
        RestoreReport month = fresh.engine.restoreVaultForDate(LocalDate.of(2024, 1, 20));
        RestoreReport conversation = fresh.engine.restoreConversation("urn:chat:ab");
        assertThat(month.partitionsFetched()).isEmpty();
        assertThat(month.isComplete()).isTrue();
        assertThat(conversation.partitionsFetched()).isEmpty();
        assertThat(remote.writes).as("a restore is a read").isEmpty();
        assertThat(remote.paths()).isEmpty();

        // Vaults without a keyring: restores say so, as syncs do, and still write nothing.
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        remote.delete("keyring.json", io.tinywide.chatsync.core.port.out.WriteCondition.unconditional());
        remote.clearRecords();
        Device b = device("b");
        assertThatThrownBy(() -> b.engine.restoreVaultForDate(LocalDate.of(2024, 1, 20)))
                .hasMessageContaining("keyring.json is missing");
        assertThatThrownBy(() -> b.engine.restoreConversation("urn:chat:ab"))
                .hasMessageContaining("keyring.json is missing");
        assertThat(remote.writes).isEmpty();

        // An emptied remote (an unmounted disk, a wrong root) that this device synced with is no "no backup".
        remote.wipe();
        Device restarted = new Device("a", remote, PASS, SETTINGS, a.store, a.state);
        assertThatThrownBy(() -> restarted.engine.restoreVaultForDate(LocalDate.of(2024, 1, 20)))
                .hasMessageContaining("synced with this remote before");
        assertThat(remote.paths()).isEmpty();
    }

    @Test
    void aKeyringThatDoesNotStayIsNeverUsedToSealAMonth() {
        remote.afterWrite = path -> {                             // something deletes it as soon as it lands
            if (path.equals("keyring.json")) {
                remote.delete(path, io.tinywide.chatsync.core.port.out.WriteCondition.unconditional());
            }
        };
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        assertThatThrownBy(a::sync).isInstanceOf(io.tinywide.chatsync.core.port.out.StorageException.class)
                .hasMessageContaining("cannot create").hasMessageContaining("keyring.json")
                .hasMessageContaining("create-if-absent");
        assertThat(remote.writes).as("no month sealed with a key nobody keeps").containsOnly("keyring.json");
        assertThat(a.store.message("a1")).isPresent();

        remote.afterWrite = path -> { };
        assertThat(a.sync().isComplete()).isTrue();
        assertThat(device("b").engine.restoreConversation("urn:chat:ab").partitionsFetched()).containsExactly(JAN);
    }

    @Test
    void aLongRunningDeviceNoticesAReplacedKeyringBeforeSealingAnything() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        remote.wipe();                                           // the remote is wiped and started afresh
        Device b = device("b");
        b.say("b1", "urn:chat:ab", "2024-02-10T10:00:00Z", "on the new remote");
        b.sync();
        Set<String> before = remote.paths();

        // Issue 18: a device no longer adopts a keyring that merely unlocks with the same passphrase.
        a.say("a2", "urn:chat:ab", "2024-01-11T10:00:00Z", "two");
        remote.clearRecords();
        assertThatThrownBy(a::sync).isInstanceOf(KeyringReplacedException.class)
                .hasMessageContaining("now holds key").hasMessageContaining("chatsync key trust");
        assertThat(remote.writes).as("nothing sealed with either key").isEmpty();
        assertThat(remote.paths()).isEqualTo(before);

        a.keyManagement().trust(Device.REMOTE);                  // the user accepts it deliberately
        assertThat(a.sync().isComplete()).isTrue();
        SyncReport onB = b.sync();
        assertThat(onB.failures()).as("a sealed with the keyring that is there now").isEmpty();
        assertThat(b.store.message("a2")).isPresent();
        assertThat(b.store.message("a1")).isPresent();
    }

    @Test
    void lazyRestoreOfAConversationDownloadsOnlyTheMonthsThatHoldIt() {
        Device a = device("a");
        history(a);
        a.sync();

        Device c = new Device("c", remote, PASS, SETTINGS.withEagerMonths(0));
        assertThat(c.sync().partitionsVisited()).isZero();
        remote.clearRecords();
        RestoreReport report = c.engine.restoreConversation("urn:chat:old");
        assertThat(report.partitionsFetched()).containsExactly(JAN, FEB);
        assertThat(remote.reads).filteredOn(p -> p.contains("chat_vault"))
                .containsExactlyInAnyOrder(JAN.vaultPath(), FEB.vaultPath());
        assertThat(report.manifestsRead()).as("manifests were cached by the sync").isZero();
        assertThat(c.store.conversation("urn:chat:old")).extracting(ChatMessage::id).containsExactly("j1", "f1");

        remote.clearRecords();
        assertThat(c.engine.restoreConversation("urn:chat:old").partitionsFetched()).isEmpty();
        assertThat(remote.reads).filteredOn(p -> p.contains("chat_vault")).isEmpty();
    }

    @Test
    void aWrongPassphraseIsAClearErrorBeforeAnythingIsWritten() {
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "one");
        a.sync();
        remote.clearRecords();

        Device intruder = new Device("x", remote, "not the passphrase", SETTINGS);
        intruder.say("x1", "urn:chat:ab", "2024-01-10T11:00:00Z", "should never be uploaded");
        assertThatThrownBy(intruder::sync).isInstanceOf(WrongPassphraseException.class);
        assertThat(remote.writes).isEmpty();
    }

    @Test
    void twoFirstDevicesRacingEndUpWithOneKeyAndOneHistory() throws Exception {
        Device a = device("a");
        Device b = device("b");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        b.say("b1", "urn:chat:ab", "2024-01-10T10:00:01Z", "from b");
        CompletableFuture<SyncReport> ra = CompletableFuture.supplyAsync(a::sync);
        CompletableFuture<SyncReport> rb = CompletableFuture.supplyAsync(b::sync);
        assertThat(ra.get().isComplete()).isTrue();
        assertThat(rb.get().isComplete()).isTrue();
        a.sync();
        b.sync();
        assertThat(a.store.load(JAN).vault()).isEqualTo(b.store.load(JAN).vault());
        assertThat(a.store.load(JAN).vault().messageCount()).isEqualTo(2);
    }

    @Test
    void aFirstDeviceThatMissesTheKeyringByAMomentUsesTheOneCreatedMeanwhile() {
        Device a = device("a");
        Device b = device("b");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        b.say("b1", "urn:chat:ab", "2024-01-10T10:00:01Z", "from b");
        remote.afterRead = path -> {
            if (path.equals("keyring.json")) {
                remote.afterRead = p -> { };
                // b creates the keyring and seals January right after a found no keyring
                assertThat(b.sync().isComplete()).isTrue();
            }
        };
        SyncReport onA = a.sync();
        assertThat(onA.isComplete()).as(onA.failures().toString()).isTrue();
        b.sync();
        assertThat(a.store.load(JAN).vault()).isEqualTo(b.store.load(JAN).vault());
        assertThat(a.store.load(JAN).vault().messageCount()).isEqualTo(2);
    }

    @Test
    void onANonAtomicStorageTheLoserOfTheKeyringRaceAdoptsTheKeyringThatStayed() {
        byte[] winner = TestKeys.of(PASS).newKeyring();
        remote.afterWrite = path -> {
            if (path.equals("keyring.json")) {
                remote.afterWrite = p -> { };
                remote.put("keyring.json", winner); // the other device's create landed right after ours
            }
        };
        Device a = device("a");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "sealed with the keyring that stayed");
        assertThat(a.sync().isComplete()).isTrue();
        assertThat(remote.bytes("keyring.json")).isEqualTo(winner);

        Device b = device("b");
        SyncReport onB = b.sync();
        assertThat(onB.failures()).as("b can open what a sealed").isEmpty();
        assertThat(b.store.message("a1")).isPresent();
    }

    @Test
    void concurrentDevicesWritingOneMonthConvergeThroughConditionalWrites() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Device d = new Device("d" + i, remote, PASS,
                    SETTINGS.withMaxConflictRetries(20));
            devices.add(d);
        }
        devices.get(0).sync();
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<SyncReport>> runs = new ArrayList<>();
            for (Device d : devices) {
                d.say(d.name + "-" + round, "urn:chat:group", "2024-01-1" + round + "T10:00:00Z", "hi");
                runs.add(CompletableFuture.supplyAsync(d::sync));
            }
            for (CompletableFuture<SyncReport> run : runs) {
                assertThat(run.get().isComplete()).as(run.get().failures().toString()).isTrue();
            }
        }
        for (Device d : devices) {
            d.sync();
        }
        for (Device d : devices) {
            assertThat(d.store.load(JAN).vault().messageCount()).as(d.name).isEqualTo(12);
        }
    }

    @Test
    void aCancelledSyncUploadsNothingAndTheNextSyncDoes() {
        Device a = device("a");
        history(a);
        AtomicBoolean cancel = new AtomicBoolean(true);
        SyncReport cancelled = a.engine.syncMessages(Device.REMOTE, new SyncListener() {
            @Override
            public boolean isCancelled() {
                return cancel.get();
            }
        });
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.partitionsUploaded()).isZero();
        assertThat(remote.paths()).allMatch(p -> p.equals("keyring.json"));

        SyncReport next = a.sync();
        assertThat(next.isComplete()).isTrue();
        assertThat(next.partitionsUploaded()).isEqualTo(6);
        assertThat(next.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void aRemoteFileOverTheReadersLimitFailsItsMonthOnlyAndIsNeverReadWhole() {
        Device a = device("a");
        a.say("small", "urn:chat:ab", "2024-01-10T10:00:00Z", "hi");
        a.say("big", "urn:chat:ab", "2024-02-10T10:00:00Z", incompressible(20_000));
        assertThat(a.sync().isComplete()).isTrue();

        VaultKeys strict = new PassphraseKeys(PASS.toCharArray(),
                CodecOptions.DEFAULTS.withKdfIterations(1_000).withMaxFileSize(4_096));
        Device b = new Device("b", remote, strict, SETTINGS);
        SyncReport onB = b.sync();
        assertThat(onB.failures()).extracting(PartitionFailure::partition).containsExactly(FEB);
        assertThat(onB.failures().get(0).reason()).contains(FEB.vaultPath(), "too large", "4096");
        assertThat(onB.bytesDown()).as("the large vault was never handed over").isLessThan(4_096 * 3);
        assertThat(b.store.message("small")).as("the other month synced").isPresent();
        assertThat(remote.bytes(FEB.vaultPath())).as("left as it is").isNotNull();
    }

    @Test
    void runningOutOfMemoryOnOneMonthFailsThatMonthOnly() {
        Device a = device("a");
        history(a);
        assertThat(a.sync().isComplete()).isTrue();
        Device b = device("b");
        b.say("b-jun", "urn:chat:ab", "2024-06-21T10:00:00Z", "from b");
        remote.afterRead = path -> {
            if (path.equals(PartitionKey.parse("2024-05").vaultPath())) {
                throw new OutOfMemoryError("Java heap space (simulated: a month's arrays did not fit)");
            }
        };
        SyncReport onB = b.sync();
        assertThat(onB.failures()).extracting(PartitionFailure::partition).containsExactly(PartitionKey.parse("2024-05"));
        assertThat(onB.failures().get(0).reason()).contains("not enough memory", "the other months sync");
        assertThat(onB.partitionsUploaded()).as("June still went up").isEqualTo(1);
        assertThat(b.store.message("m4-0")).as("April still came down").isPresent();
    }

    @Test
    void aMonthTooLargeForTheFormatIsNeverUploadedStaysLocalAndTheOthersSync() {
        VaultKeys strict = new PassphraseKeys(PASS.toCharArray(),
                CodecOptions.DEFAULTS.withKdfIterations(1_000).withMaxFileSize(4_096));
        Device a = new Device("a", remote, strict, SETTINGS);
        a.say("small", "urn:chat:ab", "2024-01-10T10:00:00Z", "hi");
        a.say("big", "urn:chat:ab", "2024-02-10T10:00:00Z", incompressible(20_000));
        SyncReport report = a.sync();
        assertThat(report.failures()).extracting(PartitionFailure::partition).containsExactly(FEB);
        assertThat(report.failures().get(0).reason()).contains("2024-02 is too large to upload", "4096",
                "stays on this device", "other months sync").doesNotContain("restore the file");
        assertThat(remote.bytes(FEB.vaultPath())).as("nothing a reader would refuse is written").isNull();
        assertThat(remote.bytes(JAN.vaultPath())).isNotNull();
        assertThat(a.store.message("big")).as("kept locally").isPresent();

        a.delete("big"); // once the month fits, it syncs: the deletion reaches the remote
        assertThat(a.sync().isComplete()).isTrue();
        assertThat(device("b").sync().isComplete()).isTrue();
    }

    private static String incompressible(int length) {
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (text.length() < length) {
            text.append(Long.toHexString(random.nextLong()));
        }
        return text.toString();
    }

    @Test
    void anUnknownProviderIdNamesTheConfiguredOnes() {
        assertThatThrownBy(() -> device("a").engine.syncMessages("dropbox"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropbox").hasMessageContaining("mem");
    }
}
