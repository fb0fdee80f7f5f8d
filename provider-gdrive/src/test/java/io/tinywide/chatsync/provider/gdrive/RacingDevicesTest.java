package io.tinywide.chatsync.provider.gdrive;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * The engine over this provider and the fake Drive, with several devices syncing one month at the same
 * moment, round after round. Drive has no conditional update, so racing writers each leave a version;
 * the test checks, after every round, that the remote as a reader merges it holds every synced message
 * and no deleted one, and that every device, once caught up, has lost nothing and resurrected nothing.
 */
class RacingDevicesTest {
    private static final String PASS = "racing passphrase";
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final int DEVICES = 4;
    private static final int ROUNDS = 8;

    private FakeAccount account;
    private final List<CloudStorage> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        account = FakeAccount.start();
        account.drive.delay(Duration.ofMillis(3)); // round trips, so that the devices' steps interleave
    }

    @AfterEach
    void stop() {
        opened.forEach(CloudStorage::close);
        account.close();
    }

    private final class Device {
        final String name;
        final InMemoryMessageStore store = new InMemoryMessageStore();
        final ChatSyncService service;

        Device(String name) {
            this.name = name;
            CloudStorage storage = account.open("racing");
            opened.add(storage);
            this.service = ChatSync.builder().localStore(store).stateStore(new InMemorySyncStateStore())
                    .keys(keys()).remote("drive", storage)
                    .settings(EngineSettings.DEFAULTS.withParallelism(2).withMaxConflictRetries(12)).build();
        }

        SyncReport sync() {
            return service.syncMessages("drive");
        }

        void say(String id, int day) {
            store.save(ChatMessage.text(id, "urn:chat:group", "urn:user:" + name,
                    Instant.parse(String.format("2024-01-%02dT10:00:00Z", day)), "text of " + id));
        }
    }

    private static VaultKeys keys() {
        return ChatSync.passphraseKeys(PASS.toCharArray(), 1_000);
    }

    @Test
    void devicesRacingOnOneMonthLoseNothingAndResurrectNothingInAnyRound() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(new Device("d" + i));
        }
        CloudStorage reader = account.open("racing");
        opened.add(reader);
        devices.get(0).say("seed", 1);
        assertThat(devices.get(0).sync().failures()).isEmpty();

        Set<String> said = new HashSet<>(Set.of("seed"));
        Set<String> deleted = new HashSet<>();
        int roundsWithSeveralVersions = 0;
        for (int round = 0; round < ROUNDS; round++) {
            CyclicBarrier start = new CyclicBarrier(DEVICES);
            List<CompletableFuture<SyncReport>> runs = new ArrayList<>();
            for (Device d : devices) {
                String id = d.name + "-r" + round;
                d.say(id, round + 2);
                said.add(id);
                // each device deletes what it said two rounds ago, which every device has seen by now
                String old = d.name + "-r" + (round - 2);
                if (d.store.message(old).isPresent()) {
                    d.store.delete(d.store.message(old).get().tombstone(Instant.now()));
                    deleted.add(old);
                }
                runs.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return d.sync();
                }));
            }
            for (CompletableFuture<SyncReport> run : runs) {
                assertThat(run.get().failures()).as("round %d", round).isEmpty();
            }
            List<RemoteObject> versions = reader.readVersions(JAN.vaultPath(), Long.MAX_VALUE);
            if (versions.size() > 1) {
                roundsWithSeveralVersions++;
            }
            ChatVault remote = merged(reader, versions);
            for (String id : said) {
                if (!deleted.contains(id)) {
                    assertThat(remote.message(id)).as("round %d: synced %s is on the remote", round, id).isPresent();
                }
            }
            for (String id : deleted) {
                assertThat(remote.message(id)).as("round %d: deleted %s is not live remotely", round, id).isEmpty();
            }
            for (Device d : devices) {
                assertThat(d.sync().failures()).as("round %d: %s catches up", round, d.name).isEmpty();
            }
            for (Device d : devices) {
                for (String id : said) {
                    assertThat(d.store.message(id).isPresent()).as("round %d: %s on %s", round, id, d.name)
                            .isEqualTo(!deleted.contains(id));
                }
            }
        }
        assertThat(roundsWithSeveralVersions).as("writers raced and left several versions of the month")
                .isPositive();

        for (Device d : devices) {
            d.sync();
        }
        ChatVault first = devices.get(0).store.load(JAN).vault();
        for (Device d : devices) {
            assertThat(d.store.load(JAN).vault()).as(d.name).isEqualTo(first);
        }
        assertThat(first.messageCount()).isEqualTo(said.size() - deleted.size());
        assertThat(reader.readVersions(JAN.vaultPath(), Long.MAX_VALUE)).as("settled into one version").hasSize(1);
        assertThat(reader.readVersions("keyring.json", Long.MAX_VALUE)).as("one keyring").hasSize(1);
    }

    /** What a reader of the remote sees of January: every version, merged. */
    private static ChatVault merged(CloudStorage storage, List<RemoteObject> versions) {
        VaultFormat format = keys().unlock("keyring.json", storage.read("keyring.json").orElseThrow().bytes());
        ChatVault merged = ChatVault.empty(JAN);
        for (RemoteObject version : versions) {
            merged = VaultMerge.merge(merged, format.openVault(JAN.vaultPath(), JAN, version.bytes()).vault());
        }
        return merged;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
