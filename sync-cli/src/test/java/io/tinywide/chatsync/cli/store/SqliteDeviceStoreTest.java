package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.tck.LocalMessageStoreVerification;
import io.tinywide.chatsync.tck.SyncStateStoreVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteDeviceStoreTest {
    @TempDir
    Path tmp;
    private final List<SqliteDeviceStore> opened = new ArrayList<>();

    private SqliteDeviceStore open(String name) {
        SqliteDeviceStore s = SqliteDeviceStore.open(tmp.resolve(name));
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqliteDeviceStore::close);
    }

    @Nested
    class MessageContract extends LocalMessageStoreVerification {
        @Override
        protected LocalMessageStore newStore() {
            return open("contract-" + System.nanoTime() + ".db");
        }
    }

    @Nested
    class StateContract extends SyncStateStoreVerification {
        @Override
        protected SyncStateStore newStateStore() {
            return open("state-" + System.nanoTime() + ".db");
        }
    }

    @Test
    void everythingSurvivesAReopenAndTheDeviceIdIsStable() {
        SqliteDeviceStore first = SqliteDeviceStore.open(tmp.resolve("device.db"));
        ChatMessage m = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"), "hi");
        first.save(m);
        first.delete(ChatMessage.text("m2", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-16T10:00:00Z"), "x")
                .tombstone(Instant.parse("2024-02-01T00:00:00Z")));
        String id = first.deviceId();
        long version = first.partitionVersions().get(PartitionKey.parse("2024-01"));
        first.close();

        SqliteDeviceStore again = open("device.db");
        assertThat(again.deviceId()).isEqualTo(id).startsWith("device-");
        assertThat(again.message("m1")).contains(m);
        assertThat(again.load(PartitionKey.parse("2024-01")).vault().isDeleted("m2")).isTrue();
        assertThat(again.partitionVersions().get(PartitionKey.parse("2024-01"))).isEqualTo(version);
    }

    @Test
    void aFailureHalfWayThroughAnApplyLeavesTheStoreAsItWas() {
        SqliteDeviceStore store = open("atomic.db");
        ChatMessage m = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"), "hi");
        store.save(m);
        long version = store.partitionVersions().get(PartitionKey.parse("2024-01"));
        ChatMessage fine = ChatMessage.text("m2", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-16T10:00:00Z"), "ok");
        ChatMessage conflicting = ChatMessage.text("m1", "urn:chat:OTHER", "urn:user:a", m.sentAt(), "bad");
        Tombstone t = fine.tombstone(Instant.parse("2024-03-01T00:00:00Z"));
        assertThatThrownBy(() -> store.apply(new VaultDelta(PartitionKey.parse("2024-01"), List.of(fine, conflicting),
                List.of())))
                .isInstanceOf(VaultDataException.class);
        assertThat(store.message("m2")).as("the first half was rolled back").isEmpty();
        assertThat(store.partitionVersions().get(PartitionKey.parse("2024-01"))).isEqualTo(version);
        store.delete(t);
        assertThat(store.load(PartitionKey.parse("2024-01")).vault().tombstoneCount()).isEqualTo(1);
    }

    @Test
    void saveAllFollowsTheRulesOfSaveInOneTransaction() {
        SqliteDeviceStore store = open("batch.db");
        ChatMessage m1 = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"), "hi");
        ChatMessage m2 = ChatMessage.text("m2", "urn:chat:ab", "urn:user:a", Instant.parse("2024-02-15T10:00:00Z"), "x");
        store.delete(m2.tombstone(Instant.parse("2024-03-01T00:00:00Z")));
        long febBefore = store.partitionVersions().get(PartitionKey.parse("2024-02"));
        store.saveAll(List.of(m1, m2));
        assertThat(store.message("m1")).contains(m1);
        assertThat(store.message("m2")).as("remove wins in a batch too").isEmpty();
        assertThat(store.partitionVersions().get(PartitionKey.parse("2024-02"))).isEqualTo(febBefore);

        ChatMessage conflicting = ChatMessage.text("m1", "urn:chat:OTHER", "urn:user:a", m1.sentAt(), "bad");
        ChatMessage fresh = ChatMessage.text("m3", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-16T10:00:00Z"), "y");
        assertThatThrownBy(() -> store.saveAll(List.of(fresh, conflicting))).isInstanceOf(VaultDataException.class);
        assertThat(store.message("m3")).as("all or nothing").isEmpty();
    }

    @Test
    void aFileFromANewerChatsyncIsRefusedUntouched() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("newer")).resolve("newer.db");
        SqliteDeviceStore.open(file).close();
        sql(file, "PRAGMA user_version = 99");
        Map<String, String> before = snapshot(file.getParent());
        assertThatThrownBy(() -> SqliteDeviceStore.open(file))
                .isInstanceOf(DeviceStoreException.class)
                .hasMessage(file + " was written by a newer chatsync (schema 99, this one knows up to "
                        + Schema.latest() + "); upgrade chatsync");
        assertThat(snapshot(file.getParent())).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotSqliteIsAClearErrorAndLeftAsItWas() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("notes")).resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database ".repeat(100));
        Map<String, String> before = snapshot(file.getParent());
        assertThatThrownBy(() -> SqliteDeviceStore.open(file))
                .isInstanceOf(DeviceStoreException.class)
                .hasMessage(file + " is not a chatsync store (it is not an SQLite database); pass another --store");
        assertThat(snapshot(file.getParent())).isEqualTo(before);
    }

    /** Each case is some other application's database: --store pointed at the wrong file. */
    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('alice')",
            "CREATE TABLE contacts (name TEXT); PRAGMA user_version = 1",
            "CREATE TABLE device (key TEXT PRIMARY KEY, value TEXT NOT NULL); PRAGMA user_version = 1",
            "PRAGMA application_id = 1234",
            "PRAGMA user_version = 7"})
    void anotherApplicationsDatabaseIsRefusedAndLeftAsItWas(String setup) throws Exception {
        Path file = Files.createDirectories(tmp.resolve("foreign")).resolve("other-app.db");
        sql(file, setup.split("; "));
        Map<String, String> before = snapshot(file.getParent());
        assertThatThrownBy(() -> SqliteDeviceStore.open(file))
                .isInstanceOf(DeviceStoreException.class)
                .hasMessage(file + " is not a chatsync store (it is some other SQLite database); pass another --store");
        assertThat(snapshot(file.getParent())).isEqualTo(before);
    }

    @Test
    void aNewStoreCarriesTheChatsyncApplicationId() throws Exception {
        Path file = tmp.resolve("new.db");
        SqliteDeviceStore.open(file).close();
        assertThat(pragma(file, "application_id")).isEqualTo(Schema.APPLICATION_ID);
        assertThat(pragma(file, "user_version")).isEqualTo(Schema.latest());
    }

    @Test
    void aStoreWrittenBeforeTheApplicationIdIsAdoptedOnlyIfItsSchemaIsExactlyOurs() throws Exception {
        Path file = tmp.resolve("unstamped.db");
        List<String> firstSchema = new ArrayList<>(Schema.MIGRATIONS.get(0));
        firstSchema.add("INSERT INTO device (key, value) VALUES ('device_id', 'device-from-before')");
        firstSchema.add("PRAGMA user_version = 1");
        sql(file, firstSchema.toArray(String[]::new));
        try (SqliteDeviceStore store = SqliteDeviceStore.open(file)) {
            assertThat(store.deviceId()).isEqualTo("device-from-before");
        }
        assertThat(pragma(file, "application_id")).isEqualTo(Schema.APPLICATION_ID);

        Path altered = Files.createDirectories(tmp.resolve("altered")).resolve("unstamped.db");
        firstSchema.add("CREATE TABLE contacts (name TEXT)");
        sql(altered, firstSchema.toArray(String[]::new));
        Map<String, String> before = snapshot(altered.getParent());
        assertThatThrownBy(() -> SqliteDeviceStore.open(altered))
                .isInstanceOf(DeviceStoreException.class).hasMessageContaining("is not a chatsync store");
        assertThat(snapshot(altered.getParent())).isEqualTo(before);
    }

    @Test
    void openExistingRefusesAMissingStoreAndCreatesNothing() throws Exception {
        Path folder = tmp.resolve("absent");
        Path file = folder.resolve("device.db");
        assertThatThrownBy(() -> SqliteDeviceStore.openExisting(file))
                .isInstanceOf(DeviceStoreException.class)
                .hasMessage("no chatsync store at " + file
                        + "; run chatsync import or chatsync sync first, or pass another --store");
        assertThat(folder).doesNotExist();

        Path empty = Files.createFile(tmp.resolve("empty.db"));
        assertThatThrownBy(() -> SqliteDeviceStore.openExisting(empty))
                .isInstanceOf(DeviceStoreException.class).hasMessageStartingWith("no chatsync store at " + empty);
        assertThat(empty).isEmptyFile();

        Path present = tmp.resolve("present.db");
        String id;
        try (SqliteDeviceStore created = SqliteDeviceStore.open(present)) {
            id = created.deviceId();
        }
        try (SqliteDeviceStore again = SqliteDeviceStore.openExisting(present)) {
            assertThat(again.deviceId()).isEqualTo(id);
        }
    }

    /** Two processes on one store, as two connections: each write waits its turn instead of failing. */
    @Test
    void twoStoresOnOneFileWriteAtOnceAndNothingIsLost() throws Exception {
        SqliteDeviceStore one = open("shared.db");
        SqliteDeviceStore two = open("shared.db");
        int each = 150;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (SqliteDeviceStore store : List.of(one, two)) {
                String who = store == one ? "one" : "two";
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        // Same month on both sides: both read and bump the one partitions row.
                        store.save(ChatMessage.text(who + "-" + i, "urn:chat:ab", "urn:user:" + who,
                                Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i), "m"));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(one.load(PartitionKey.parse("2024-01")).vault().messageCount()).isEqualTo(2 * each);
        assertThat(one.partitionVersions().get(PartitionKey.parse("2024-01"))).isEqualTo(2L * each);
        assertThat(two.deviceId()).isEqualTo(one.deviceId());
    }

    @Test
    void aWriterThatHoldsTheStoreLongerThanTheBusyTimeoutIsNamedInTheError() throws Exception {
        Path file = tmp.resolve("held.db");
        SqliteDeviceStore store = SqliteDeviceStore.open(file, Duration.ofMillis(300));
        opened.add(store);
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO partitions (partition, version) VALUES ('2023-12', 1)");
            ChatMessage m = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a",
                    Instant.parse("2024-01-15T10:00:00Z"), "hi");
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.save(m))
                    .isInstanceOf(DeviceStoreException.class)
                    .hasMessage("another chatsync is using " + file + "; try again when it has finished");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited first")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(250));
            s.execute("ROLLBACK");
            store.save(m);
            assertThat(store.message("m1")).contains(m);
        }
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int pragma(Path file, String name) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.getInt(1);
        }
    }

    /** Every file of a folder and a digest of its bytes: "left as it was" includes no -wal or -shm beside it. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    @Test
    void anErrorInsideATransactionRollsItBackAndReleasesTheStore() {
        SqliteDeviceStore store = open("error.db");
        ChatMessage first = ChatMessage.text("e1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"),
                "lands only with the batch");
        java.util.List<ChatMessage> breaking = new java.util.AbstractList<>() {
            @Override
            public ChatMessage get(int index) {
                if (index == 1) {
                    throw new AssertionError("an Error half-way through the batch");
                }
                return first;
            }

            @Override
            public int size() {
                return 2;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.saveAll(breaking))
                .isInstanceOf(AssertionError.class);
        assertThat(store.message("e1")).as("the half-done batch was rolled back").isEmpty();
        ChatMessage next = ChatMessage.text("e2", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-16T10:00:00Z"),
                "after");
        store.save(next);                                         // no transaction left open
        try (SqliteDeviceStore other = SqliteDeviceStore.open(tmp.resolve("error.db"), java.time.Duration.ofMillis(300))) {
            other.save(ChatMessage.text("e3", "urn:chat:ab", "urn:user:b", Instant.parse("2024-01-17T10:00:00Z"),
                    "another process's write is not blocked"));
        }
        assertThat(store.message("e3")).isPresent();
    }

    @Test
    void severalProcessesCreatingOneNewStoreAtOnceAllOpenItAndAgreeOnItsId() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 40; round++) {
                Path file = tmp.resolve("race-" + round + ".db");
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
                List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    ids.add(pool.submit(() -> {
                        start.await();
                        try (SqliteDeviceStore s = SqliteDeviceStore.open(file)) {
                            return s.deviceId();
                        }
                    }));
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (var id : ids) {
                    seen.add(id.get()); // an opening that failed ("not a chatsync store", BUSY) throws here
                }
                assertThat(seen).as("round " + round).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletionIsFoundByItsIdWhicheverMonthItIsIn() {
        SqliteDeviceStore store = open("tombstones.db");
        ChatMessage m = ChatMessage.text("t1", "urn:chat:ab", "urn:user:a", Instant.parse("2023-07-04T10:00:00Z"), "x");
        store.save(m);
        assertThat(store.tombstone("t1")).isEmpty();
        store.delete(m.tombstone(Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(store.tombstone("t1")).hasValueSatisfying(t -> {
            assertThat(t.partition()).isEqualTo(m.partition());
            assertThat(t.sentAt()).isEqualTo(m.sentAt());
        });
        assertThat(store.tombstone("never-there")).isEmpty();
    }
}
