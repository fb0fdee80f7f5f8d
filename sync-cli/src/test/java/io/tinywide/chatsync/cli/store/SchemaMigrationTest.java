package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ConversationSummary;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.SyncStateStore.PartitionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store of schema 1, whose rows held the remote files' JSON, opens as the current schema with
 * every message, deletion, version and cached manifest exactly as it was.
 */
class SchemaMigrationTest {
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");

    @TempDir
    Path tmp;

    /** Rows as chatsync 0.1 wrote them: canonical JSON bodies and manifests, byte for byte. */
    private static final String PLAIN = "{\"id\":\"m1\",\"conversation\":\"urn:chat:ab\",\"sender\":\"urn:user:a\","
            + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi \\u00e9\\\"quoted\\\"\"}";
    private static final String FULL = "{\"id\":\"m2\",\"conversation\":\"urn:chat:ab\",\"sender\":\"urn:user:b\","
            + "\"sentAt\":\"2024-01-16T08:30:00.000000123Z\",\"type\":\"image\",\"payload\":\"AAEC/w==\","
            + "\"status\":\"read\",\"tags\":[\"a\",\"photo\"],\"receipts\":{\"urn:user:a\":\"read\",\"urn:user:c\":"
            + "\"delivered\"},\"editedAt\":7340032,\"editedBy\":\"device-x\"}";
    private static final String MANIFEST = "{\"formatVersion\":1,\"partition\":\"2024-01\",\"generation\":3,"
            + "\"vaultDigest\":\"abc\",\"messageCount\":2,\"tombstoneCount\":1,\"conversations\":[{\"conversation\":"
            + "\"urn:chat:ab\",\"messageCount\":2,\"tombstoneCount\":1,\"firstSentAt\":\"2024-01-15T10:00:00Z\","
            + "\"lastSentAt\":\"2024-01-20T00:00:00Z\",\"participants\":[\"urn:user:a\",\"urn:user:b\"]}]}";

    @Test
    void aStoreOfSchemaOneKeepsEveryFieldThroughTheMigration() throws Exception {
        Path file = tmp.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            s.execute("INSERT INTO device VALUES ('device_id', 'device-old')");
            s.execute("INSERT INTO partitions VALUES ('2024-01', 5)");
            insertMessage(c, "m1", 1705312800L, 0, PLAIN);
            insertMessage(c, "m2", 1705393800L, 123, FULL);
            s.execute("INSERT INTO tombstones VALUES ('m3', '2024-01', 'urn:chat:ab', '2024-01-20T00:00:00Z',"
                    + " '2024-02-01T00:00:00Z')");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sync_state VALUES ('remote-a', '2024-01', 'v7',"
                    + " 'm7', 3, 5, 1, ?)")) {
                p.setBytes(1, MANIFEST.getBytes(StandardCharsets.UTF_8));
                p.executeUpdate();
            }
            s.execute("INSERT INTO sync_state VALUES ('remote-a', '2023-12', NULL, NULL, 0, -1, 0, NULL)");
        }

        try (SqliteDeviceStore store = SqliteDeviceStore.open(file)) {
            assertThat(store.deviceId()).isEqualTo("device-old");
            assertThat(store.partitionVersions()).containsExactly(Map.entry(JAN, 5L));
            assertThat(store.message("m1")).contains(ChatMessage.text("m1", "urn:chat:ab", "urn:user:a",
                    Instant.parse("2024-01-15T10:00:00Z"), "hi \u00e9\"quoted\""));
            assertThat(store.message("m2")).contains(new ChatMessage("m2", "urn:chat:ab", "urn:user:b",
                    Instant.parse("2024-01-16T08:30:00.000000123Z"), "image", null, new byte[] {0, 1, 2, -1}, "read",
                    List.of("photo", "a"), Map.of("urn:user:a", "read", "urn:user:c", "delivered"),
                    new EditVersion(7340032, "device-x")));
            assertThat(store.tombstone("m3")).contains(new Tombstone("m3", "urn:chat:ab",
                    Instant.parse("2024-01-20T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z")));
            assertThat(store.load(JAN).vault().messageCount()).isEqualTo(2);

            VaultManifest manifest = new VaultManifest(JAN, 3, "abc", 2, 1, List.of(new ConversationSummary(
                    "urn:chat:ab", 2, 1, Instant.parse("2024-01-15T10:00:00Z"), Instant.parse("2024-01-20T00:00:00Z"),
                    List.of("urn:user:a", "urn:user:b"))));
            assertThat(store.load("remote-a")).containsEntry(JAN, new PartitionState(new Revision("v7"),
                    new Revision("m7"), 3, 5, true, manifest)).containsEntry(PartitionKey.parse("2023-12"),
                    PartitionState.UNKNOWN);

            // and the migrated rows take part in the rules as new ones do
            store.delete(store.message("m2").orElseThrow().tombstone(Instant.parse("2024-03-01T00:00:00Z")));
            assertThat(store.message("m2")).isEmpty();
            assertThat(store.partitionVersions().get(JAN)).isEqualTo(6L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(columns(s, "messages")).doesNotContain("body");
            assertThat(columns(s, "sync_state")).doesNotContain("manifest");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM message_tags")) {
                assertThat(rs.getInt(1)).as("m2's tags left with it").isZero();
            }
        }
    }

    private static void insertMessage(Connection c, String id, long seconds, int nanos, String body) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO messages VALUES (?, '2024-01', 'urn:chat:ab', ?, ?,"
                + " ?)")) {
            p.setString(1, id);
            p.setLong(2, seconds);
            p.setInt(3, nanos);
            p.setString(4, body);
            p.executeUpdate();
        }
    }

    private static List<String> columns(Statement s, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }
}
