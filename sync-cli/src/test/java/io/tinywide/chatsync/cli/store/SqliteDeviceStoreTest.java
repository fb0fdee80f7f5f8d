package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.storecontract.LocalMessageStoreContract;
import io.tinywide.chatsync.core.storecontract.SyncStateStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    class MessageContract extends LocalMessageStoreContract {
        @Override
        protected LocalMessageStore newStore() {
            return open("contract-" + System.nanoTime() + ".db");
        }
    }

    @Nested
    class StateContract extends SyncStateStoreContract {
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
        Path file = tmp.resolve("newer.db");
        SqliteDeviceStore.open(file).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> SqliteDeviceStore.open(file))
                .isInstanceOf(DeviceStoreException.class).hasMessageContaining("newer chatsync")
                .hasMessageContaining(file.toString());
    }

    @Test
    void aFileThatIsNotSqliteIsAClearError() throws Exception {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database ".repeat(100));
        assertThatThrownBy(() -> SqliteDeviceStore.open(file))
                .isInstanceOf(DeviceStoreException.class).hasMessageContaining("not a chatsync device store");
        assertThat(Files.readString(file)).startsWith("these are my notes");
    }
}
