package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.tck.fault.CountingStorage;
import io.tinywide.chatsync.tck.fault.EventuallyConsistentStorage;
import io.tinywide.chatsync.tck.fault.FaultyStorage;
import io.tinywide.chatsync.tck.fault.FaultyStorage.Fault;
import io.tinywide.chatsync.tck.fault.FaultyStorage.Operation;
import io.tinywide.chatsync.tck.fault.DelayedStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules R11.x of {@code sync-tck/SPEC.md}: the real chatsync engine, over your storage, with several
 * simulated devices and injected faults. Implement {@link #createStorage(String)} so that two calls
 * with the same root open the same files, as two devices opening one remote do.
 *
 * <p>Your own scenarios can use the same devices: a subclass's test creates them with
 * {@link #device(String)} (or {@link #device(String, int, UnaryOperator)} to wrap each device's storage
 * in a {@link FaultyStorage}, a {@link CountingStorage} or your own wrapper), and drives them:
 *
 * <pre>{@code
 * @Test
 * void aMonthWrittenOnTwoDevicesWhileMyBackendThrottles() throws Exception {
 *     Device laptop = device("laptop");
 *     Device phone = device("phone", 3, s -> new FaultyStorage(s).inject(Operation.WRITE, p -> true,
 *             Fault.THROTTLED, 1));
 *     laptop.say("m1", "urn:chat:ab", "2024-01-10T10:00:00Z");
 *     laptop.syncOk();
 *     phone.say("m2", "urn:chat:ab", "2024-01-11T10:00:00Z");
 *     phone.sync();          // throttled: reported, nothing lost
 *     phone.syncOk();
 *     laptop.syncOk();
 *     assertSameHistory(laptop, phone);
 * }
 * }</pre>
 *
 * <p>Every device of one test instance shares one root; {@link #cleanUp(String)} is told it after each
 * test, so that a test on a live cloud can delete it.
 */
public abstract class EngineConformanceVerification {
    private static final String PASSPHRASE = "tck passphrase";
    private static final String REMOTE = "tck";
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final PartitionKey MAR = PartitionKey.parse("2024-03");
    private final List<CloudStorage> opened = new ArrayList<>();
    private final String root = "tck engine " + UUID.randomUUID().toString().substring(0, 8);

    /**
     * A storage under {@code root}; calls with the same root must see the same files.
     */
    protected abstract CloudStorage createStorage(String root) throws Exception;

    /**
     * Called after each test with the root its devices shared, to delete what they left; the default
     * leaves it. See {@link StorageProviderVerification#cleanUp(List)}.
     */
    protected void cleanUp(String root) throws Exception {
        // nothing to delete by default
    }

    @AfterEach
    void closeStorages() throws Exception {
        opened.forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // cleanup only
            }
        });
        boolean used = !opened.isEmpty();
        opened.clear();
        if (used) {
            cleanUp(root);
        }
    }

    /**
     * One simulated device: its own in-memory message store and sync state, its own storage on the
     * test's shared root, and the real engine between them.
     */
    protected final class Device {
        private final String name;
        private final InMemoryMessageStore store = new InMemoryMessageStore();
        private final HybridClock clock;
        private final ChatSyncService service;
        private final CloudStorage storage;

        Device(String name, int eagerMonths, UnaryOperator<CloudStorage> wrap) throws Exception {
            this.name = name;
            this.clock = new HybridClock(Clock.systemUTC(), name);
            CloudStorage raw = createStorage(root);
            opened.add(raw);
            this.storage = wrap.apply(raw);
            this.service = ChatSync.builder().localStore(store).stateStore(new InMemorySyncStateStore())
                    .passphrase(PASSPHRASE.toCharArray()).keyDerivationIterations(1_000)
                    .remote(REMOTE, storage)
                    .settings(EngineSettings.DEFAULTS.withEagerMonths(eagerMonths).withMaxConflictRetries(12))
                    .build();
        }

        /** The device's name, which is also its clock's device id. */
        public String name() {
            return name;
        }

        /** The device's message store. */
        public InMemoryMessageStore store() {
            return store;
        }

        /** The engine of this device, for restores and anything else the facade offers. */
        public ChatSyncService service() {
            return service;
        }

        /** The device's storage, as wrapped. */
        public CloudStorage storage() {
            return storage;
        }

        /** One sync; failures are in the report. */
        public SyncReport sync() {
            return service.syncMessages(REMOTE);
        }

        /** One sync that must complete without a failed partition. */
        public SyncReport syncOk() {
            SyncReport r = sync();
            assertThat(r.failures()).as("%s: sync of %s failed", name, storage.describe()).isEmpty();
            return r;
        }

        /** A new text message in a conversation, sent by this device's user at {@code at} (an instant). */
        public void say(String id, String conversation, String at) {
            store.save(ChatMessage.text(id, conversation, "urn:user:" + name, Instant.parse(at), "text of " + id));
        }

        /** Edits a stored message's text, with this device's clock. */
        public void edit(String id, String text) {
            store.save(store.message(id).orElseThrow().edited(text, clock.next()));
        }

        /** Deletes a stored message (a tombstone that syncs). */
        public void delete(String id) {
            store.delete(store.message(id).orElseThrow().tombstone(Instant.now()));
        }

        /** A month as this device holds it. */
        public ChatVault month(PartitionKey key) {
            return store.load(key).vault();
        }
    }

    /** A device on the shared root, fetching the 3 most recent months eagerly. */
    protected final Device device(String name) throws Exception {
        return new Device(name, 3, s -> s);
    }

    /**
     * A device on the shared root, fetching {@code eagerMonths} recent months eagerly, whose storage is
     * wrapped (in a {@link FaultyStorage}, say) before the engine gets it.
     */
    protected final Device device(String name, int eagerMonths, UnaryOperator<CloudStorage> wrap) throws Exception {
        return new Device(name, eagerMonths, wrap);
    }

    /** Asserts that two devices hold the same months with the same content. */
    protected static void assertSameHistory(Device a, Device b) {
        assertThat(b.store.partitionVersions().keySet()).as("months held by %s and %s", a.name, b.name)
                .isEqualTo(a.store.partitionVersions().keySet());
        for (PartitionKey key : a.store.partitionVersions().keySet()) {
            assertThat(b.month(key)).as("%s on %s and %s", key, a.name, b.name).isEqualTo(a.month(key));
        }
    }

    /**
     * R11.1: two devices that add, edit and delete in the same month and in different months, syncing in
     * both orders, converge to the same history, and no deleted message comes back. <em>Guards
     * against</em> the storage losing or reordering what the engine relies on between two devices.
     * <em>If it fails</em> (and the storage rules pass): compare-and-set under the engine's real paths,
     * and visibility to a second storage on one root (R3.5).
     */
    @Test
    void required_R11_1_twoDevicesConvergeInEveryOrderAndNothingDeletedReturns() throws Exception {
        for (boolean aFirst : new boolean[] {true, false}) {
            Device a = device("a");
            Device b = device("b");
            a.say("j1-" + aFirst, "urn:chat:ab", "2024-01-10T10:00:00Z");
            a.say("j2-" + aFirst, "urn:chat:ab", "2024-01-11T10:00:00Z");
            a.say("m1-" + aFirst, "urn:chat:cd", "2024-03-01T10:00:00Z");
            a.syncOk();
            b.syncOk();
            a.delete("j1-" + aFirst);
            b.edit("j1-" + aFirst, "edited while deleted elsewhere");
            b.edit("j2-" + aFirst, "edited on b");
            b.say("m2-" + aFirst, "urn:chat:cd", "2024-03-02T10:00:00Z");
            a.delete("m1-" + aFirst);
            Device first = aFirst ? a : b;
            Device second = aFirst ? b : a;
            first.syncOk();
            second.syncOk();
            first.syncOk();
            assertSameHistory(a, b);
            assertThat(a.store.message("j1-" + aFirst)).as("deleted on a, edited on b").isEmpty();
            assertThat(a.store.message("m1-" + aFirst)).isEmpty();
            assertThat(a.store.message("j2-" + aFirst).orElseThrow().text()).isEqualTo("edited on b");
            assertThat(a.store.message("m2-" + aFirst)).isPresent();
        }
    }

    /**
     * R11.2: three devices, one offline for a while and deleting meanwhile, converge after their next
     * syncs. <em>If it fails:</em> revisions that do not change (R3.2), listings that miss months (R5).
     */
    @Test
    void required_R11_2_threeDevicesOneOfflineForAWhileConverge() throws Exception {
        Device a = device("a");
        Device b = device("b");
        Device c = device("c");
        a.say("x1", "urn:chat:g", "2024-01-01T10:00:00Z");
        a.syncOk();
        b.syncOk();
        c.syncOk();
        // c goes offline and works alone
        c.say("c1", "urn:chat:g", "2024-01-02T10:00:00Z");
        c.delete("x1");
        for (int round = 0; round < 3; round++) {
            a.say("a" + round, "urn:chat:g", "2024-0" + (round + 1) + "-05T10:00:00Z");
            b.say("b" + round, "urn:chat:g", "2024-0" + (round + 1) + "-06T10:00:00Z");
            a.syncOk();
            b.syncOk();
        }
        c.syncOk();
        a.syncOk();
        b.syncOk();
        c.syncOk();
        assertSameHistory(a, b);
        assertSameHistory(a, c);
        assertThat(b.store.message("x1")).isEmpty();
        assertThat(b.store.message("c1")).isPresent();
        assertThat(a.month(JAN).messageCount()).isEqualTo(3);
    }

    /**
     * R11.3: an incremental sync after one change writes only that month's vault and manifest, reads only
     * that vault, and lists once. <em>Guards against</em> revisions that change without a write (every
     * month would be fetched again on every sync). <em>If it fails:</em> that {@code list} reports the
     * revision {@code write} returned (R3.2).
     */
    @Test
    void required_R11_3_anIncrementalSyncWritesOnlyThatMonthsTwoFiles() throws Exception {
        CountingStorage[] counter = new CountingStorage[1];
        Device a = new Device("a", 3, s -> counter[0] = new CountingStorage(s));
        for (int month = 1; month <= 9; month++) {
            a.say("m" + month, "urn:chat:ab", String.format("2024-%02d-10T10:00:00Z", month));
        }
        a.syncOk();
        a.edit("m3", "changed");
        counter[0].reset();
        SyncReport r = a.syncOk();
        assertThat(r.partitionsVisited()).isEqualTo(1);
        assertThat(counter[0].writtenPaths()).containsExactly(MAR.vaultPath(), MAR.manifestPath());
        assertThat(counter[0].readPaths()).containsExactly(MAR.vaultPath());
        assertThat(counter[0].counts().lists()).isEqualTo(1);
    }

    /**
     * R11.4: a new device fetches the recent months and restores older ones on demand; a conversation's
     * lazy restore downloads only the months whose manifests name it. <em>If it fails:</em> listings by
     * prefix (R5.1), and reads of nested paths.
     */
    @Test
    void required_R11_4_aNewDeviceFetchesRecentMonthsAndRestoresOthersLazily() throws Exception {
        Device a = device("a");
        for (int month = 1; month <= 8; month++) {
            a.say("m" + month, month == 2 || month == 5 ? "urn:chat:rare" : "urn:chat:common",
                    String.format("2024-%02d-10T10:00:00Z", month));
        }
        a.syncOk();
        CountingStorage[] counter = new CountingStorage[1];
        Device b = new Device("b", 2, s -> counter[0] = new CountingStorage(s));
        b.syncOk();
        assertThat(b.store.partitionVersions().keySet()).containsExactly(PartitionKey.parse("2024-07"),
                PartitionKey.parse("2024-08"));
        RestoreReport date = b.service.restoreVaultForDate(LocalDate.of(2024, 1, 31));
        assertThat(date.partitionsFetched()).containsExactly(JAN);
        counter[0].reset();
        RestoreReport lazy = b.service.restoreConversation("urn:chat:rare");
        assertThat(lazy.partitionsFetched()).containsExactly(PartitionKey.parse("2024-02"), PartitionKey.parse("2024-05"));
        assertThat(counter[0].readPaths()).filteredOn(p -> p.contains("chat_vault"))
                .containsExactlyInAnyOrder(PartitionKey.parse("2024-02").vaultPath(),
                        PartitionKey.parse("2024-05").vaultPath());
        assertThat(b.store.conversation("urn:chat:rare")).extracting(ChatMessage::id).containsExactly("m2", "m5");
    }

    /**
     * R11.5: two first devices racing to create the keyring end up with one key and one history.
     * <em>Guards against</em> two keys, one of which nobody could read. <em>If it fails:</em>
     * {@code ifAbsent()} (R4.2, R4.5), and on a storage that keeps versions, the order of
     * {@code readVersions} (R12.1).
     */
    @Test
    void required_R11_5_twoFirstDevicesRacingShareOneKeyAndOneHistory() throws Exception {
        Device a = device("a");
        Device b = device("b");
        a.say("a1", "urn:chat:ab", "2024-01-10T10:00:00Z");
        b.say("b1", "urn:chat:ab", "2024-01-10T10:00:01Z");
        CompletableFuture<SyncReport> ra = CompletableFuture.supplyAsync(a::sync);
        CompletableFuture<SyncReport> rb = CompletableFuture.supplyAsync(b::sync);
        ra.get();
        rb.get();
        a.syncOk();
        b.syncOk();
        a.syncOk();
        assertSameHistory(a, b);
        assertThat(a.month(JAN).messageCount()).isEqualTo(2);
    }

    /**
     * R11.6: injected faults (failed reads, failed writes, writes that reached the storage but reported a
     * failure, throttling, timeouts) lose nothing and resurrect nothing; only the faulty month fails, and
     * the sync completes once the faults stop. Runs the storage inside {@link FaultyStorage}. <em>If it
     * fails:</em> revisions returned by reads after a write whose answer was lost, and R4.2's allowance
     * for a retried create.
     */
    @Test
    void required_R11_6_injectedFaultsLoseNothingResurrectNothingAndHeal() throws Exception {
        for (Fault fault : Fault.values()) {
            for (Operation op : new Operation[] {Operation.READ, Operation.WRITE}) {
                FaultyStorage[] faulty = new FaultyStorage[1];
                Device a = device("a");
                Device b = new Device("b", 3, s -> faulty[0] = new FaultyStorage(s));
                String tag = fault + "-" + op;
                a.say("keep-" + tag, "urn:chat:ab", "2024-01-10T10:00:00Z");
                a.say("gone-" + tag, "urn:chat:ab", "2024-01-11T10:00:00Z");
                a.syncOk();
                b.syncOk();
                a.delete("gone-" + tag);
                a.syncOk();
                b.say("new-" + tag, "urn:chat:ab", "2024-01-12T10:00:00Z");
                b.say("other-" + tag, "urn:chat:ab", "2024-03-12T10:00:00Z");

                faulty[0].inject(op, p -> p.equals(JAN.vaultPath()), fault, Integer.MAX_VALUE);
                SyncReport hurt = b.sync();
                assertThat(hurt.isComplete()).as("%s: a sync with injected faults reports them", tag).isFalse();
                assertThat(b.store.message("new-" + tag)).as("%s: local data kept", tag).isPresent();
                assertThat(hurt.failures()).as("%s: only the faulty month fails; the others sync", tag)
                        .extracting(PartitionFailure::partition).containsOnly(JAN);

                faulty[0].heal();
                b.syncOk();
                a.syncOk();
                b.syncOk();
                assertSameHistory(a, b);
                assertThat(a.store.message("new-" + tag)).as("%s: nothing lost", tag).isPresent();
                assertThat(b.store.message("gone-" + tag)).as("%s: nothing resurrected", tag).isEmpty();
                assertThat(b.store.message("keep-" + tag)).isPresent();
            }
        }
    }

    /**
     * R11.7: a listing that lags behind writes and deletes (eventual consistency, through
     * {@link EventuallyConsistentStorage}) loses nothing, and later syncs settle. <em>If it fails:</em>
     * reads must stay consistent while listings lag (R3.1).
     */
    @Test
    void required_R11_7_aLaggingListingLosesNothingAndLaterSyncsSettle() throws Exception {
        Device a = new Device("a", 3, s -> new EventuallyConsistentStorage(s, 2));
        Device b = new Device("b", 3, s -> new EventuallyConsistentStorage(s, 2));
        for (int round = 0; round < 4; round++) {
            a.say("a" + round, "urn:chat:ab", "2024-01-1" + round + "T10:00:00Z");
            b.say("b" + round, "urn:chat:ab", "2024-01-1" + round + "T11:00:00Z");
            if (round == 2) {
                b.delete("a0");
            }
            a.syncOk();
            b.syncOk();
        }
        for (int settle = 0; settle < 4; settle++) {
            a.syncOk();
            b.syncOk();
        }
        assertSameHistory(a, b);
        assertThat(a.month(JAN).messageCount()).isEqualTo(7);
        assertThat(a.store.message("a0")).isEmpty();
    }

    /**
     * R11.8: several devices syncing one month at the same moment, round after round, lose nothing and
     * resurrect nothing, in every round and not only in the end: after each round a new device that
     * knows only the remote holds every message whose device's sync completed and no deleted one, and
     * once every device has caught up, none holds a deleted message. On a storage that is neither atomic
     * nor versioned (S3 with {@code conditionalWrites=non-atomic}), where the last writer wins until the
     * loser's next sync, the remote is checked after every device has synced twice more. Each call to the
     * storage is slowed by a millisecond so that the devices' steps interleave. <em>Guards against</em> a
     * write that replaces another device's without having read it: on a storage with atomic compare-and-set the
     * loser must re-read (R4.5), and on one that keeps versions it must leave its version beside the
     * other's (R12). <em>If it fails:</em> R4.5, R4.6 and R12, and the revisions a listing reports (R3.2).
     */
    @Test
    void required_R11_8_devicesRacingOnOneMonthLoseNothingAndResurrectNothingInAnyRound() throws Exception {
        int rounds = 6;
        List<Device> devices = new ArrayList<>();
        for (String name : List.of("r0", "r1", "r2")) {
            devices.add(device(name, 3, EngineConformanceVerification::slowed));
        }
        Set<Capability> capabilities = devices.get(0).storage().capabilities();
        // Atomic compare-and-set or versions: a racing write is never lost, not even for a moment.
        // Otherwise a write can overwrite another's, and the loser restores it at its next sync.
        boolean noRacingWriteIsLost = capabilities.contains(Capability.ATOMIC_CONDITIONAL_WRITE)
                || !capabilities.contains(Capability.UNIQUE_PATHS);
        devices.get(0).say("seed", "urn:chat:group", "2024-01-01T00:00:00Z");
        devices.get(0).syncOk();
        Set<String> live = new TreeSet<>(List.of("seed"));
        Set<String> deleted = new TreeSet<>();
        for (int round = 0; round < rounds; round++) {
            CyclicBarrier start = new CyclicBarrier(devices.size());
            List<CompletableFuture<SyncReport>> syncs = new ArrayList<>();
            for (Device d : devices) {
                String id = d.name() + "-" + round;
                d.say(id, "urn:chat:group", String.format("2024-01-%02dT10:00:00Z", round + 2));
                live.add(id);
                String old = d.name() + "-" + (round - 2); // seen by every device two rounds ago
                if (round >= 2) {
                    d.delete(old);
                    live.remove(old);
                    deleted.add(old);
                }
                syncs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return d.sync();
                }));
            }
            for (CompletableFuture<SyncReport> sync : syncs) {
                assertThat(sync.get().failures()).as("R11.8 round %d: a racing sync failed", round).isEmpty();
            }
            if (noRacingWriteIsLost) {
                assertRemoteHolds(round, live, deleted);
            }
            // Where the last writer wins, a loser restores what was overwritten at its next sync, and
            // the devices that synced before it learn of that at theirs: two passes.
            for (int pass = 0; pass < (noRacingWriteIsLost ? 1 : 2); pass++) {
                for (Device d : devices) {
                    d.syncOk();
                }
            }
            if (!noRacingWriteIsLost) {
                assertRemoteHolds(round, live, deleted);
            }
            for (Device d : devices) {
                for (String id : deleted) {
                    assertThat(d.store.message(id)).as("R11.8 round %d: deleted %s is live again on %s", round, id,
                            d.name()).isEmpty();
                }
            }
        }
        for (Device d : devices) {
            d.syncOk();
        }
        for (Device d : devices.subList(1, devices.size())) {
            assertSameHistory(devices.get(0), d);
        }
        assertThat(devices.get(0).month(JAN).messageCount()).isEqualTo(live.size());
    }

    /** A new device that knows only the remote holds every live message and no deleted one. */
    private void assertRemoteHolds(int round, Set<String> live, Set<String> deleted) throws Exception {
        Device observer = device("observer-" + round);
        observer.syncOk();
        for (String id : live) {
            assertThat(observer.store.message(id)).as("R11.8 round %d: %s was synced and is missing from %s",
                    round, id, observer.storage.describe()).isPresent();
        }
        for (String id : deleted) {
            assertThat(observer.store.message(id)).as("R11.8 round %d: deleted %s is live again on %s", round,
                    id, observer.storage.describe()).isEmpty();
        }
    }

    /** A millisecond on every call, as a network round trip would add, so that racing devices interleave. */
    private static CloudStorage slowed(CloudStorage storage) {
        return new DelayedStorage(storage, java.time.Duration.ofMillis(1));
    }
}
