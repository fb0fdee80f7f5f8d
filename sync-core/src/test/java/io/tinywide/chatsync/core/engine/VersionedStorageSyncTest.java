package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine over a storage that keeps several versions of a name and has no atomic conditional
 * write (Google Drive's model, {@link InMemoryStorage#versioned}): racing writers each leave a version,
 * every reader merges them all, and a writer removes only the versions it merged. Nothing is lost and
 * nothing deleted comes back, in every round, not only in the end.
 */
class VersionedStorageSyncTest {
    private static final String PASS = "correct horse battery staple";
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final EngineSettings SETTINGS = EngineSettings.DEFAULTS.withParallelism(2);

    @Test
    void devicesRacingOnOneMonthLoseNothingAndResurrectNothingInAnyRound() throws Exception {
        InMemoryStorage storage = InMemoryStorage.versioned("drive-like", Duration.ofMillis(15));
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(new Device("d" + i, storage.sharedView(), PASS, SETTINGS));
        }
        devices.get(0).say("seed", "urn:chat:group", "2024-01-01T00:00:00Z", "seed");
        assertThat(devices.get(0).sync().isComplete()).isTrue();

        Set<String> said = new HashSet<>(Set.of("seed"));
        Set<String> deleted = new HashSet<>();
        int roundsWithSeveralVersions = 0;
        for (int round = 0; round < 12; round++) {
            CyclicBarrier start = new CyclicBarrier(devices.size());
            List<CompletableFuture<SyncReport>> runs = new ArrayList<>();
            for (Device d : devices) {
                String id = d.name + "-r" + round;
                d.say(id, "urn:chat:group", String.format("2024-01-%02dT10:00:00Z", round + 2), "round " + round);
                said.add(id);
                // Each device deletes the message it wrote two rounds before, which every device has seen.
                String old = d.name + "-r" + (round - 2);
                if (round >= 2 && d.store.message(old).isPresent()) {
                    d.delete(old);
                    deleted.add(old);
                }
                runs.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return d.sync();
                }));
            }
            for (CompletableFuture<SyncReport> run : runs) {
                SyncReport report = run.get();
                assertThat(report.isComplete()).as("round %d: %s", round, report.failures()).isTrue();
            }
            if (storage.readVersions(JAN.vaultPath(), Long.MAX_VALUE).size() > 1) {
                roundsWithSeveralVersions++;
            }
            ChatVault remote = remoteState(storage);
            for (String id : said) {
                if (!deleted.contains(id)) {
                    assertThat(remote.message(id)).as("round %d: %s was synced and must be on the remote", round, id)
                            .isPresent();
                }
            }
            for (String id : deleted) {
                assertThat(remote.message(id)).as("round %d: deleted %s is not live remotely", round, id).isEmpty();
            }
            // Every device catches up before the next round deletes what it saw.
            for (Device d : devices) {
                assertThat(d.sync().isComplete()).isTrue();
            }
            for (String id : deleted) {
                for (Device d : devices) {
                    assertThat(d.store.message(id)).as("round %d: deleted %s is not live on %s", round, id, d.name)
                            .isEmpty();
                }
            }
        }
        assertThat(roundsWithSeveralVersions).as("the race this test is about happened").isPositive();

        for (Device d : devices) {
            d.sync();
        }
        ChatVault first = devices.get(0).store.load(JAN).vault();
        for (Device d : devices) {
            assertThat(d.store.load(JAN).vault()).as(d.name).isEqualTo(first);
        }
        assertThat(first.messageCount()).isEqualTo(said.size() - deleted.size());
        assertThat(storage.readVersions(JAN.vaultPath(), Long.MAX_VALUE)).as("settled into one version").hasSize(1);
    }

    @Test
    void aReaderMergesEveryVersionAndFoldsThemIntoOne() throws Exception {
        InMemoryStorage storage = InMemoryStorage.versioned("drive-like", Duration.ofMillis(400));
        Device a = new Device("a", storage.sharedView(), PASS, SETTINGS);
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
        a.say("gone", "urn:chat:ab", "2024-01-11T10:00:00Z", "deleted in one version only");
        assertThat(a.sync().isComplete()).isTrue();

        // Two writers that both read the first version each leave their own: one adds a message, the
        // other deletes one. Neither knows of the other.
        VaultFormat format = format(storage);
        RemoteObject first = storage.read(JAN.vaultPath()).orElseThrow();
        ChatVault base = format.openVault(JAN.vaultPath(), JAN, first.bytes()).vault();
        ChatMessage added = ChatMessage.text("x1", "urn:chat:ab", "urn:user:x", Instant.parse("2024-01-12T10:00:00Z"),
                "from x");
        ChatVault withAdded = VaultMerge.merge(base, ChatVault.empty(JAN).with(added));
        ChatVault withDeleted = VaultMerge.merge(base, ChatVault.empty(JAN).with(
                base.message("gone").orElseThrow().tombstone(Instant.parse("2024-02-01T00:00:00Z"))));
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> storage.write(JAN.vaultPath(),
                format.sealVault(withAdded, 2).bytes(), WriteCondition.ifMatch(first.revision())));
        storage.write(JAN.vaultPath(), format.sealVault(withDeleted, 2).bytes(), WriteCondition.ifMatch(first.revision()));
        other.get();
        assertThat(storage.readVersions(JAN.vaultPath(), Long.MAX_VALUE)).hasSize(2);

        Device b = new Device("b", storage.sharedView(), PASS, SETTINGS);
        SyncReport onB = b.sync();
        assertThat(onB.isComplete()).as(onB.failures().toString()).isTrue();
        assertThat(b.store.message("a1")).isPresent();
        assertThat(b.store.message("x1")).as("the version that added").isPresent();
        assertThat(b.store.message("gone")).as("the version that deleted").isEmpty();
        assertThat(onB.partitionsUploaded()).as("the merge is written back").isEqualTo(1);
        assertThat(storage.readVersions(JAN.vaultPath(), Long.MAX_VALUE)).as("folded into one").hasSize(1);
        assertThat(storage.readVersions(JAN.manifestPath(), Long.MAX_VALUE)).hasSize(1);

        assertThat(a.sync().isComplete()).isTrue();
        assertThat(a.store.message("x1")).isPresent();
        assertThat(a.store.message("gone")).as("a's own copy does not resurrect it").isEmpty();
        assertThat(a.store.load(JAN).vault()).isEqualTo(b.store.load(JAN).vault());
    }

    @Test
    void twoFirstDevicesRacingForTheKeyringAdoptTheOldestAndLeaveOne() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            InMemoryStorage storage = InMemoryStorage.versioned("drive-like", Duration.ofMillis(50));
            Device a = new Device("a", storage.sharedView(), PASS, SETTINGS);
            Device b = new Device("b", storage.sharedView(), PASS, SETTINGS);
            a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z", "from a");
            b.say("b1", "urn:chat:ab", "2024-01-10T10:00:01Z", "from b");
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<SyncReport> ra = CompletableFuture.supplyAsync(() -> {
                await(start);
                return a.sync();
            });
            CompletableFuture<SyncReport> rb = CompletableFuture.supplyAsync(() -> {
                await(start);
                return b.sync();
            });
            assertThat(ra.get().isComplete()).as(ra.get().failures().toString()).isTrue();
            assertThat(rb.get().isComplete()).as(rb.get().failures().toString()).isTrue();
            assertThat(storage.readVersions("keyring.json", Long.MAX_VALUE)).as("one keyring stays").hasSize(1);
            a.sync();
            b.sync();
            assertThat(a.store.load(JAN).vault()).isEqualTo(b.store.load(JAN).vault());
            assertThat(a.store.load(JAN).vault().messageCount()).isEqualTo(2);
        }
    }

    /** What a reader of the remote sees of January: every version, merged. */
    private static ChatVault remoteState(CloudStorage storage) {
        VaultFormat format = format(storage);
        ChatVault merged = ChatVault.empty(JAN);
        for (RemoteObject version : storage.readVersions(JAN.vaultPath(), Long.MAX_VALUE)) {
            merged = VaultMerge.merge(merged, format.openVault(JAN.vaultPath(), JAN, version.bytes()).vault());
        }
        return merged;
    }

    private static VaultFormat format(CloudStorage storage) {
        return TestKeys.of(PASS).unlock("keyring.json", storage.read("keyring.json").orElseThrow().bytes());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
