package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the engine at every step boundary (right after each storage call and after each local
 * transaction: a message-store change or a sync-state save) of a sync and of a restore, in a
 * scenario where two devices each changed several months, then restarts the device and lets every
 * device sync. Whatever the step, nothing is lost and nothing deleted comes back.
 */
class CrashPointsTest {
    private static final String PASS = "correct horse battery staple";
    private static final EngineSettings ONE_AT_A_TIME = EngineSettings.DEFAULTS.withParallelism(1)
            .withEagerMonths(2);

    /** The process stopping: not an exception the engine handles, as a kill is not. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String where) {
            super("crash after " + where, null, false, false);
        }
    }

    /** Counts step boundaries and crashes at one of them; a countdown of -1 never crashes. */
    private static final class Steps {
        private final AtomicInteger remaining = new AtomicInteger(-1);
        private final AtomicInteger taken = new AtomicInteger();

        void crashAfter(int steps) {
            taken.set(0);
            remaining.set(steps);
        }

        void never() {
            remaining.set(-1);
        }

        void step(String what) {
            taken.incrementAndGet();
            if (remaining.get() > 0 && remaining.decrementAndGet() == 0) {
                throw new Crash(what);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unique paths", "versions"})
    void aSyncStoppedAtAnyStepLosesNothingAndResurrectsNothing(String kind) {
        int crashes = 0;
        for (int step = 1; ; step++) {
            Scenario s = new Scenario(kind);
            s.steps.crashAfter(step);
            boolean crashed = crashesOn(() -> s.a.sync());
            s.steps.never();
            s.settleAndCheck("sync stopped after step " + step);
            if (!crashed) {
                break; // every boundary of this sync was tried
            }
            crashes++;
        }
        assertThat(crashes).as("the sync has step boundaries to stop at").isGreaterThan(10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unique paths", "versions"})
    void aRestoreStoppedAtAnyStepLosesNothingAndResurrectsNothing(String kind) {
        int crashes = 0;
        for (int step = 1; ; step++) {
            Scenario s = new Scenario(kind);
            s.steps.crashAfter(step);
            boolean crashed = crashesOn(() -> {
                s.a.engine.restoreVaultForDate(LocalDate.of(2024, 1, 15));
                s.a.engine.restoreConversation("urn:chat:old");
                return null;
            });
            s.steps.never();
            s.settleAndCheck("restore stopped after step " + step);
            if (!crashed) {
                break;
            }
            crashes++;
        }
        assertThat(crashes).isGreaterThan(3);
    }

    private static boolean crashesOn(Supplier<?> work) {
        try {
            work.get();
            return false;
        } catch (Crash crash) {
            return true;
        } catch (IllegalStateException wrapped) {
            if (wrapped.getCause() instanceof Crash) {
                return true;
            }
            throw wrapped;
        }
    }

    /**
     * Two devices with a shared past: b synced January to June; then a deleted two of January's
     * messages and edited one, b deleted one of May's and added to March, and a added to June and to a
     * month nobody has (July). Device a runs on stores and a storage that crash at the chosen step.
     */
    private static final class Scenario {
        final Steps steps = new Steps();
        final CloudStorage storage;
        final LocalMessageStore aMessages;
        final SyncStateStore aState;
        final Device a;
        final Device b;
        final Set<String> live = new TreeSet<>();
        final Set<String> deleted = new TreeSet<>();
        final Map<String, String> texts = new TreeMap<>();

        Scenario(String kind) {
            InMemoryStorage shared = kind.equals("versions")
                    ? InMemoryStorage.versioned("crash", Duration.ZERO) : new InMemoryStorage("crash");
            storage = shared;
            aMessages = new CrashingMessages(new InMemoryMessageStore(), steps);
            aState = new CrashingState(new InMemorySyncStateStore(), steps);
            a = new Device("a", new CrashingStorage(shared.sharedView(), steps), PASS, ONE_AT_A_TIME, aMessages, aState);
            b = new Device("b", shared.sharedView(), PASS, ONE_AT_A_TIME);
            for (int month = 1; month <= 6; month++) {
                for (int i = 0; i < 3; i++) {
                    say(b, "m" + month + "-" + i, month == 1 && i == 0 ? "urn:chat:old" : "urn:chat:ab",
                            String.format("2024-%02d-1%dT10:00:00Z", month, i));
                }
            }
            assertThat(b.sync().isComplete()).isTrue();
            assertThat(a.sync().isComplete()).isTrue();
            a.engine.restoreVaultForDate(LocalDate.of(2024, 1, 1));
            a.engine.restoreVaultForDate(LocalDate.of(2024, 2, 1));
            a.engine.restoreVaultForDate(LocalDate.of(2024, 3, 1));

            delete(a, "m1-1");
            delete(a, "m1-2");
            a.edit("m1-0", "edited on a");
            texts.put("m1-0", "edited on a");
            delete(b, "m5-0");
            say(b, "b-mar", "urn:chat:ab", "2024-03-20T10:00:00Z");
            say(a, "a-jun", "urn:chat:ab", "2024-06-20T10:00:00Z");
            say(a, "a-jul", "urn:chat:new", "2024-07-01T10:00:00Z");
        }

        private void say(Device d, String id, String conversation, String at) {
            d.say(id, conversation, at, "text of " + id);
            live.add(id);
            texts.put(id, "text of " + id);
        }

        private void delete(Device d, String id) {
            d.delete(id);
            live.remove(id);
            deleted.add(id);
        }

        /** Restarts a, lets both devices sync until they agree, and checks every message. */
        void settleAndCheck(String what) {
            a.restart(new CrashingStorage(((InMemoryStorage) storage).sharedView(), steps), PASS, ONE_AT_A_TIME);
            for (int round = 0; round < 2; round++) {
                SyncReport onA = a.sync();
                assertThat(onA.isComplete()).as("%s: a syncs after the restart: %s", what, onA.failures()).isTrue();
                SyncReport onB = b.sync();
                assertThat(onB.isComplete()).as("%s: b: %s", what, onB.failures()).isTrue();
            }
            for (PartitionKey key : allMonths()) {
                a.engine.restoreVaultForDate(LocalDate.of(key.year(), key.month(), 1));
                b.engine.restoreVaultForDate(LocalDate.of(key.year(), key.month(), 1));
            }
            for (Device d : List.of(a, b)) {
                for (String id : live) {
                    Optional<ChatMessage> m = d.store.message(id);
                    assertThat(m).as("%s: %s kept on %s", what, id, d.name).isPresent();
                    assertThat(m.get().text()).as("%s: %s's text on %s", what, id, d.name).isEqualTo(texts.get(id));
                }
                for (String id : deleted) {
                    assertThat(d.store.message(id)).as("%s: deleted %s stays deleted on %s", what, id, d.name)
                            .isEmpty();
                }
            }
            for (PartitionKey key : allMonths()) {
                assertThat(a.store.load(key).vault()).as("%s: both hold the same %s", what, key)
                        .isEqualTo(b.store.load(key).vault());
            }
        }

        private Set<PartitionKey> allMonths() {
            Set<PartitionKey> months = new TreeSet<>(a.store.partitionVersions().keySet());
            months.addAll(b.store.partitionVersions().keySet());
            return months;
        }
    }

    /** A storage that counts each call as a step, after its effect. */
    private record CrashingStorage(CloudStorage delegate, Steps steps) implements CloudStorage {
        @Override
        public List<RemoteEntry> list(String prefix) {
            List<RemoteEntry> entries = delegate.list(prefix);
            steps.step("list " + prefix);
            return entries;
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            Optional<RemoteObject> read = delegate.read(path, maxBytes);
            steps.step("read " + path);
            return read;
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            List<RemoteObject> read = delegate.readVersions(path, maxBytes);
            steps.step("read versions of " + path);
            return read;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Revision written = delegate.write(path, bytes, condition);
            steps.step("write " + path);
            return written;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            delegate.delete(path, condition);
            steps.step("delete " + path);
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A message store that counts each change, a transaction, as a step after it committed. */
    private record CrashingMessages(LocalMessageStore delegate, Steps steps) implements LocalMessageStore {
        @Override
        public void save(ChatMessage message) {
            delegate.save(message);
            steps.step("save " + message.id());
        }

        @Override
        public void delete(Tombstone tombstone) {
            delegate.delete(tombstone);
            steps.step("delete " + tombstone.messageId());
        }

        @Override
        public Optional<ChatMessage> message(String id) {
            return delegate.message(id);
        }

        @Override
        public List<ChatMessage> conversation(String conversationUrn) {
            return delegate.conversation(conversationUrn);
        }

        @Override
        public SortedMap<PartitionKey, Long> partitionVersions() {
            return delegate.partitionVersions();
        }

        @Override
        public LocalPartition load(PartitionKey partition) {
            return delegate.load(partition);
        }

        @Override
        public Applied apply(VaultDelta delta) {
            Applied applied = delegate.apply(delta);
            steps.step("apply to " + delta.partition());
            return applied;
        }
    }

    /** A sync-state store that counts each save as a step after it committed. */
    private record CrashingState(SyncStateStore delegate, Steps steps) implements SyncStateStore {
        @Override
        public Map<PartitionKey, PartitionState> load(String remote) {
            return delegate.load(remote);
        }

        @Override
        public void save(String remote, PartitionKey partition, PartitionState state) {
            delegate.save(remote, partition, state);
            steps.step("save state of " + partition);
        }
    }
}
