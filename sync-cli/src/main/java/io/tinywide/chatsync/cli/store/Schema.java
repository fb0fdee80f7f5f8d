package io.tinywide.chatsync.cli.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The store's schema as a list of migrations; migration {@code i} brings {@code PRAGMA user_version}
 * from {@code i} to {@code i + 1}. Append, never edit: files in the field are at every version.
 */
final class Schema {
    private Schema() {
    }

    /**
     * Our {@code PRAGMA application_id}, the four ASCII bytes "ChSy". It is what tells a chatsync
     * store from any other SQLite file: without it, a wrong {@code --store} would get our tables
     * added to someone else's database. Never change it: every store in the field carries it.
     */
    static final int APPLICATION_ID = 0x43685379;

    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE device (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    "CREATE TABLE partitions (partition TEXT PRIMARY KEY, version INTEGER NOT NULL)",
                    // Identity columns for the engine's queries; the message itself is its canonical
                    // JSON, so every field round-trips exactly.
                    "CREATE TABLE messages (id TEXT PRIMARY KEY, partition TEXT NOT NULL, conversation TEXT NOT NULL,"
                            + " sent_at_s INTEGER NOT NULL, sent_at_n INTEGER NOT NULL, body TEXT NOT NULL)",
                    "CREATE INDEX messages_by_partition ON messages (partition)",
                    "CREATE INDEX messages_by_conversation ON messages (conversation, sent_at_s, sent_at_n, id)",
                    "CREATE TABLE tombstones (message_id TEXT PRIMARY KEY, partition TEXT NOT NULL,"
                            + " conversation TEXT NOT NULL, sent_at TEXT NOT NULL, deleted_at TEXT NOT NULL)",
                    "CREATE INDEX tombstones_by_partition ON tombstones (partition)",
                    "CREATE TABLE sync_state (remote TEXT NOT NULL, partition TEXT NOT NULL, vault_revision TEXT,"
                            + " manifest_revision TEXT, generation INTEGER NOT NULL, synced_version INTEGER NOT NULL,"
                            + " held INTEGER NOT NULL, manifest BLOB, PRIMARY KEY (remote, partition))"));

    static int latest() {
        return MIGRATIONS.size();
    }

    /**
     * The last version written without {@link #APPLICATION_ID}. Such a store is recognised by its
     * schema alone, and only when that schema is exactly the one migrations created.
     */
    private static final int LAST_UNSTAMPED_VERSION = 1;

    /** One row of {@code sqlite_master}: a table, an index, a view or a trigger, with its SQL. */
    record SchemaObject(String type, String name, String table, String sql) { }

    /** What the file holds, our objects or anyone else's. */
    static Set<SchemaObject> objects(Connection db) throws SQLException {
        Set<SchemaObject> out = new HashSet<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master")) {
            while (rs.next()) {
                out.add(new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    /**
     * True if a file without an application id is a chatsync store from before the id: at a version
     * that was written without it, and with exactly the objects our migrations create up to that
     * version, compared with those of an in-memory database migrated the same way.
     */
    static boolean isUnstampedStore(Connection db, int version) throws SQLException {
        if (version < 1 || version > LAST_UNSTAMPED_VERSION) {
            return false;
        }
        try (Connection reference = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement s = reference.createStatement()) {
            for (int v = 0; v < version; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
            }
            return objects(db).equals(objects(reference));
        }
    }
}
