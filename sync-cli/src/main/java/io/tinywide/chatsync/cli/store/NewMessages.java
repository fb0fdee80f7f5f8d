package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/**
 * Inserts messages whose ids the store has never seen, live or deleted, with statements prepared
 * once for a whole transaction: the path of an import's new lines and of a month that arrives on a
 * new device, where nearly every message is new. A message the store knows already is left for the
 * rules of {@link SqliteMessages#upsert} (an edit, a deleted id, a conflict).
 */
final class NewMessages implements AutoCloseable {
    private final PreparedStatement insert;
    private final PreparedStatement tag;
    private final PreparedStatement receipt;

    NewMessages(Connection db) throws SQLException {
        insert = db.prepareStatement("INSERT INTO messages (rowid, id, partition, conversation, sender, sent_at_s,"
                + " sent_at_n, type, text, payload, status, edited_at, edited_by)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE message_id = ?) ON CONFLICT (id) DO NOTHING");
        tag = db.prepareStatement("INSERT INTO message_tags (message_id, tag) VALUES (?, ?)");
        receipt = db.prepareStatement("INSERT INTO message_receipts (message_id, participant, receipt) VALUES (?, ?, ?)");
    }

    /**
     * Stores a message if its id is new to the store; does nothing otherwise.
     *
     * @param rowid the row's SQLite rowid, or null for the next free one
     * @return whether it was new and is now stored
     */
    boolean insertIfNew(ChatMessage m, Long rowid) throws SQLException {
        if (rowid == null) {
            insert.setNull(1, Types.INTEGER);
        } else {
            insert.setLong(1, rowid);
        }
        insert.setString(2, m.id());
        insert.setString(3, m.partition().toString());
        insert.setString(4, m.conversation());
        insert.setString(5, m.sender());
        insert.setLong(6, m.sentAt().getEpochSecond());
        insert.setInt(7, m.sentAt().getNano());
        insert.setString(8, m.type());
        insert.setString(9, m.text());
        insert.setBytes(10, m.payload());
        insert.setString(11, m.status());
        insert.setLong(12, m.version().timestamp());
        insert.setString(13, m.version().deviceId());
        insert.setString(14, m.id());
        if (insert.executeUpdate() == 0) {
            return false;
        }
        for (String t : m.tags()) {
            tag.setString(1, m.id());
            tag.setString(2, t);
            tag.executeUpdate();
        }
        for (Map.Entry<String, String> r : m.receipts().entrySet()) {
            receipt.setString(1, m.id());
            receipt.setString(2, r.getKey());
            receipt.setString(3, r.getValue());
            receipt.executeUpdate();
        }
        return true;
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        tag.close();
        receipt.close();
    }
}
