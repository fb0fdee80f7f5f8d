package io.tinywide.chatsync.cli.store;

import org.sqlite.Function;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The store's schema as a list of migrations; migration {@code i} brings {@code PRAGMA user_version}
 * from {@code i} to {@code i + 1}. Append, never edit: files in the field are at every version.
 *
 * <p>The rows are the store's own: a column per field of a message, tables for its tags and
 * receipts and for the cached manifests. They do not use the remote files' JSON, so a new format
 * version of the remote never changes what is on a device's disk.
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
                            + " held INTEGER NOT NULL, manifest BLOB, PRIMARY KEY (remote, partition))"),
            // 2: rows of the store's own instead of the remote's JSON. The JSON of version 1 is read
            // once, here, with SQLite's JSON functions (and chatsync_base64_decode for payloads).
            List.of(
                    "CREATE TABLE message_rows (id TEXT PRIMARY KEY, partition TEXT NOT NULL,"
                            + " conversation TEXT NOT NULL, sender TEXT NOT NULL, sent_at_s INTEGER NOT NULL,"
                            + " sent_at_n INTEGER NOT NULL, type TEXT NOT NULL, text TEXT, payload BLOB NOT NULL,"
                            + " status TEXT, edited_at INTEGER NOT NULL, edited_by TEXT NOT NULL)",
                    "CREATE TABLE message_tags (message_id TEXT NOT NULL REFERENCES message_rows (id)"
                            + " ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (message_id, tag))",
                    "CREATE TABLE message_receipts (message_id TEXT NOT NULL REFERENCES message_rows (id)"
                            + " ON DELETE CASCADE, participant TEXT NOT NULL, receipt TEXT,"
                            + " PRIMARY KEY (message_id, participant))",
                    "INSERT INTO message_rows SELECT id, partition, conversation, json_extract(body, '$.sender'),"
                            + " sent_at_s, sent_at_n, json_extract(body, '$.type'), json_extract(body, '$.text'),"
                            + " " + Base64Decode.NAME + "(json_extract(body, '$.payload')),"
                            + " json_extract(body, '$.status'), coalesce(json_extract(body, '$.editedAt'), 0),"
                            + " coalesce(json_extract(body, '$.editedBy'), '') FROM messages",
                    "INSERT INTO message_tags SELECT m.id, t.value FROM messages m, json_each(m.body, '$.tags') t",
                    "INSERT INTO message_receipts SELECT m.id, r.key, r.value"
                            + " FROM messages m, json_each(m.body, '$.receipts') r",
                    "DROP TABLE messages",
                    "ALTER TABLE message_rows RENAME TO messages",
                    "CREATE INDEX messages_by_partition ON messages (partition)",
                    "CREATE INDEX messages_by_conversation ON messages (conversation, sent_at_s, sent_at_n, id)",
                    "CREATE TABLE cached_manifests (remote TEXT NOT NULL, partition TEXT NOT NULL,"
                            + " generation INTEGER NOT NULL, vault_digest TEXT NOT NULL, message_count INTEGER NOT NULL,"
                            + " tombstone_count INTEGER NOT NULL, PRIMARY KEY (remote, partition))",
                    "CREATE TABLE cached_conversations (remote TEXT NOT NULL, partition TEXT NOT NULL,"
                            + " conversation TEXT NOT NULL, message_count INTEGER NOT NULL,"
                            + " tombstone_count INTEGER NOT NULL, first_sent_at TEXT NOT NULL, last_sent_at TEXT NOT NULL,"
                            + " PRIMARY KEY (remote, partition, conversation), FOREIGN KEY (remote, partition)"
                            + " REFERENCES cached_manifests (remote, partition) ON DELETE CASCADE)",
                    "CREATE TABLE cached_participants (remote TEXT NOT NULL, partition TEXT NOT NULL,"
                            + " conversation TEXT NOT NULL, participant TEXT NOT NULL,"
                            + " PRIMARY KEY (remote, partition, conversation, participant),"
                            + " FOREIGN KEY (remote, partition, conversation)"
                            + " REFERENCES cached_conversations (remote, partition, conversation) ON DELETE CASCADE)",
                    "INSERT INTO cached_manifests SELECT remote, partition,"
                            + " json_extract(CAST(manifest AS TEXT), '$.generation'),"
                            + " json_extract(CAST(manifest AS TEXT), '$.vaultDigest'),"
                            + " json_extract(CAST(manifest AS TEXT), '$.messageCount'),"
                            + " json_extract(CAST(manifest AS TEXT), '$.tombstoneCount')"
                            + " FROM sync_state WHERE manifest IS NOT NULL",
                    "INSERT INTO cached_conversations SELECT s.remote, s.partition,"
                            + " json_extract(c.value, '$.conversation'), json_extract(c.value, '$.messageCount'),"
                            + " json_extract(c.value, '$.tombstoneCount'), json_extract(c.value, '$.firstSentAt'),"
                            + " json_extract(c.value, '$.lastSentAt')"
                            + " FROM sync_state s, json_each(CAST(s.manifest AS TEXT), '$.conversations') c"
                            + " WHERE s.manifest IS NOT NULL",
                    "INSERT INTO cached_participants SELECT s.remote, s.partition,"
                            + " json_extract(c.value, '$.conversation'), p.value"
                            + " FROM sync_state s, json_each(CAST(s.manifest AS TEXT), '$.conversations') c,"
                            + " json_each(c.value, '$.participants') p WHERE s.manifest IS NOT NULL",
                    "ALTER TABLE sync_state DROP COLUMN manifest"),
            // 3: what the device keeps of each remote's key (issue 18): the pin, and the unlocked
            // vault key unless the device opted out (then vault_key is NULL).
            List.of(
                    "CREATE TABLE device_keys (remote TEXT PRIMARY KEY, key_id TEXT NOT NULL, verifier BLOB NOT NULL,"
                            + " keyring_revision TEXT, keyring BLOB, vault_key BLOB)"));

    /** Runs migration {@code from}, which brings the file from version {@code from} to {@code from + 1}. */
    static void migrate(Connection db, int from) throws SQLException {
        Base64Decode.register(db); // migration 2 needs it; a file may be at version 1 for years
        try (Statement s = db.createStatement()) {
            for (String sql : MIGRATIONS.get(from)) {
                s.execute(sql);
            }
        }
    }

    /** {@code chatsync_base64_decode(text)}: the bytes of base64 text, empty for NULL; SQLite has no such function. */
    private static final class Base64Decode extends Function {
        static final String NAME = "chatsync_base64_decode";

        static void register(Connection db) throws SQLException {
            Function.create(db, NAME, new Base64Decode(), 1, Function.FLAG_DETERMINISTIC);
        }

        @Override
        protected void xFunc() throws SQLException {
            String text = value_text(0);
            result(text == null ? new byte[0] : Base64.getDecoder().decode(text));
        }
    }

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
