package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An import in progress: one write transaction that takes any number of messages, one line of the
 * input at a time, and lands whole or not at all ({@link SqliteDeviceStore#importMessages}). Nothing
 * of the input is held in memory: each line is written as it comes, and what the import needs to
 * know later (which line brought an id) is in the database.
 *
 * <p>Rows this import adds carry their line's number in their SQLite {@code rowid} (the highest
 * rowid before the import, plus the line), so a second line with the same id finds the first
 * without a table of every id; lines that touch an existing message note theirs in a temporary
 * table. Used by one thread.
 */
public final class MessageImport {
    private static final int IMPORT_CACHE_KIB = -65_536;
    private static final int DEFAULT_CACHE_KIB = -2_000;
    private final Connection db;
    private final long rowidBefore;
    private final NewMessages inserts;
    private final Set<PartitionKey> changed = new TreeSet<>();
    private PreparedStatement note;
    private PreparedStatement noted;

    /**
     * What the store holds under an id during the import.
     *
     * @param tombstone its deletion, if deleted
     * @param message   the live message, if stored
     * @param line      the line of this import that brought or touched it; 0 if none did
     */
    public record Held(Optional<Tombstone> tombstone, Optional<ChatMessage> message, int line) { }

    MessageImport(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT max(rowid) FROM messages")) {
            rowidBefore = rs.next() ? rs.getLong(1) : 0;
        }
        try (Statement s = db.createStatement()) {
            // Ids are random, so every line lands somewhere else in the id index: with SQLite's 2 MB of
            // cached pages a large import rewrites the same pages again and again. 64 MB (outside the
            // Java heap) keeps the indexes of a few million messages in memory until the commit.
            s.execute("PRAGMA cache_size = " + IMPORT_CACHE_KIB);
        }
        inserts = new NewMessages(db);
    }

    /**
     * Stores a message whose id the store has never seen, live or deleted; does nothing for any
     * other (then {@link #held} says what is there).
     *
     * @param line the input's line, from 1
     * @return whether it was new and is now stored
     */
    public boolean addIfNew(ChatMessage m, int line) {
        try {
            if (!inserts.insertIfNew(m, rowidBefore + line)) {
                return false;
            }
            changed.add(m.partition());
            return true;
        } catch (SQLException e) {
            throw new Sql(e);
        }
    }

    /** What the store holds under an id now, and the line of this import that brought or touched it. */
    public Held held(String id) {
        try {
            Optional<Tombstone> tombstone = SqliteMessages.tombstoneOf(db, id);
            Optional<ChatMessage> message = SqliteMessages.messageOf(db, id);
            int line = 0;
            if (message.isPresent()) {
                try (PreparedStatement q = db.prepareStatement("SELECT rowid FROM messages WHERE id = ?")) {
                    q.setString(1, id);
                    try (ResultSet rs = q.executeQuery()) {
                        long rowid = rs.next() ? rs.getLong(1) : 0;
                        line = rowid > rowidBefore ? Math.toIntExact(rowid - rowidBefore) : 0;
                    }
                }
            }
            if (line == 0 && noted != null) {
                noted.setString(1, id);
                try (ResultSet rs = noted.executeQuery()) {
                    line = rs.next() ? rs.getInt(1) : 0;
                }
            }
            return new Held(tombstone, message, line);
        } catch (SQLException e) {
            throw new Sql(e);
        }
    }

    /** Records an edit of a stored message, by the rules of {@link SqliteDeviceStore#save}, as this line's. */
    public void save(ChatMessage m, int line) {
        try {
            if (SqliteMessages.upsert(db, m)) {
                changed.add(m.partition());
            }
            note(m.id(), line);
        } catch (SQLException e) {
            throw new Sql(e);
        }
    }

    /** Records that a line named a stored id and changed nothing (the same message, or a deleted one). */
    public void note(String id, int line) {
        try {
            if (note == null) {
                try (Statement s = db.createStatement()) {
                    s.execute("CREATE TEMP TABLE import_lines (id TEXT PRIMARY KEY, line INTEGER NOT NULL)");
                }
                note = db.prepareStatement("INSERT INTO temp.import_lines (id, line) VALUES (?, ?)");
                noted = db.prepareStatement("SELECT line FROM temp.import_lines WHERE id = ?");
            }
            note.setString(1, id);
            note.setInt(2, line);
            note.executeUpdate();
        } catch (SQLException e) {
            throw new Sql(e);
        }
    }

    /** Bumps the version of every partition the import changed, and lets go of what it prepared. */
    void finish() throws SQLException {
        for (PartitionKey key : changed) {
            SqliteMessages.bump(db, key);
        }
        close();
        if (note != null) {
            try (Statement s = db.createStatement()) {
                s.execute("DROP TABLE temp.import_lines");
            }
        }
    }

    void close() throws SQLException {
        inserts.close();
        for (PreparedStatement p : new PreparedStatement[] {note, noted}) {
            if (p != null) {
                p.close();
            }
        }
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA cache_size = " + DEFAULT_CACHE_KIB);
        }
    }

    /** SQLite's error inside an import, carried out of the caller's code to the transaction that rolls back. */
    static final class Sql extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Sql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
