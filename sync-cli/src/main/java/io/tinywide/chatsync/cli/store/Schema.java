package io.tinywide.chatsync.cli.store;

import java.util.List;

/**
 * The store's schema as a list of migrations; migration {@code i} brings {@code PRAGMA user_version}
 * from {@code i} to {@code i + 1}. Append, never edit: files in the field are at every version.
 */
final class Schema {
    private Schema() {
    }

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
}
