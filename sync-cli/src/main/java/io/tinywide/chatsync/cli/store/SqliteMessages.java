package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.MessageIdentity;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The device's messages and deletions in the tables {@code messages} (with {@code message_tags}
 * and {@code message_receipts}), {@code tombstones} and {@code partitions}: the
 * {@link LocalMessageStore} port. Every change is one transaction and bumps the version of each
 * partition it changed; the merge rules ({@link VaultMerge}) and the identity rule
 * ({@link MessageIdentity}) decide what a change does.
 */
final class SqliteMessages implements LocalMessageStore {
    private static final String COLUMNS = "m.id, m.conversation, m.sender, m.sent_at_s, m.sent_at_n, m.type, m.text,"
            + " m.payload, m.status, m.edited_at, m.edited_by";

    private final Transactions tx;

    SqliteMessages(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void save(ChatMessage message) {
        saveAll(List.of(message));
    }

    /** Records many new or edited messages in one transaction, with the rules of {@link #save}. */
    void saveAll(Collection<ChatMessage> messages) {
        tx.write(db -> {
            Set<PartitionKey> changed = new TreeSet<>();
            for (ChatMessage m : messages) {
                if (upsert(db, m)) {
                    changed.add(m.partition());
                }
            }
            for (PartitionKey key : changed) {
                bump(db, key);
            }
            return null;
        });
    }

    /** Runs an import: {@code work} adds messages line by line, all in one write transaction. */
    <T> T importMessages(java.util.function.Function<MessageImport, T> work) {
        return tx.write(db -> {
            MessageImport batch = new MessageImport(db);
            try {
                T result = work.apply(batch);
                batch.finish();
                return result;
            } catch (MessageImport.Sql e) {
                throw e.getCause();
            } finally {
                batch.close();
            }
        });
    }

    @Override
    public void delete(Tombstone tombstone) {
        tx.write(db -> {
            if (addTombstone(db, tombstone)) {
                bump(db, tombstone.partition());
            }
            return null;
        });
    }

    @Override
    public Applied apply(VaultDelta delta) {
        // What a remote sent can be fetched again: a power loss that loses it costs a repeated sync.
        return tx.writeRepeatable(db -> {
            long before = version(db, delta.partition());
            boolean changed = false;
            for (Tombstone t : delta.tombstones()) {
                requirePartition(delta.partition(), t.partition(), t.messageId());
                changed |= addTombstone(db, t);
            }
            // A month that arrives on a new device is all new messages: one prepared insert each.
            try (NewMessages inserts = new NewMessages(db)) {
                for (ChatMessage m : delta.upserts()) {
                    requirePartition(delta.partition(), m.partition(), m.id());
                    changed |= inserts.insertIfNew(m, null) || upsert(db, m);
                }
            }
            if (changed) {
                bump(db, delta.partition());
            }
            return new Applied(before, version(db, delta.partition()));
        });
    }

    /** The deletion this device holds for a message id, whichever month it is in. */
    Optional<Tombstone> tombstone(String id) {
        return tx.snapshot(db -> tombstoneOf(db, id));
    }

    @Override
    public Optional<ChatMessage> message(String id) {
        return tx.snapshot(db -> messageOf(db, id));
    }

    @Override
    public List<ChatMessage> conversation(String conversationUrn) {
        return tx.snapshot(db -> {
            List<ChatMessage> out = new ArrayList<>(messages(db, "m.conversation = ?", conversationUrn));
            out.sort(ChatMessage.BY_TIME_THEN_ID);
            return out;
        });
    }

    @Override
    public SortedMap<PartitionKey, Long> partitionVersions() {
        return tx.snapshot(db -> {
            SortedMap<PartitionKey, Long> out = new TreeMap<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT partition, version FROM partitions")) {
                while (rs.next()) {
                    out.put(PartitionKey.parse(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public LocalPartition load(PartitionKey partition) {
        return tx.snapshot(db -> {
            List<Tombstone> tombstones = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT message_id, conversation, sent_at, deleted_at"
                    + " FROM tombstones WHERE partition = ?")) {
                q.setString(1, partition.toString());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        tombstones.add(tombstone(rs));
                    }
                }
            }
            return new LocalPartition(ChatVault.of(partition, messages(db, "m.partition = ?", partition.toString()),
                    tombstones), version(db, partition));
        });
    }

    // ---- the rules of a change ----

    /** Inserts or replaces a message by the merge rules; true if the store changed. */
    static boolean upsert(Connection db, ChatMessage m) throws SQLException {
        Optional<Tombstone> deleted = tombstoneOf(db, m.id());
        if (deleted.isPresent()) {
            MessageIdentity.requireSame(deleted.get(), m);
            return false; // remove wins
        }
        Optional<ChatMessage> stored = messageOf(db, m.id());
        ChatMessage winner = stored.map(old -> VaultMerge.newerVersion(old, m)).orElse(m);
        if (stored.isPresent() && winner.equals(stored.get())) {
            return false;
        }
        writeRow(db, winner);
        return true;
    }

    /** Records a tombstone (the earliest deletion wins) and removes its message; true if changed. */
    private static boolean addTombstone(Connection db, Tombstone t) throws SQLException {
        Optional<ChatMessage> live = messageOf(db, t.messageId());
        if (live.isPresent()) {
            MessageIdentity.requireSame(t, live.get());
        }
        Optional<Tombstone> old = tombstoneOf(db, t.messageId());
        Tombstone winner = old.map(o -> VaultMerge.earlierDeletion(o, t)).orElse(t);
        if (live.isPresent()) {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                d.setString(1, t.messageId());
                d.executeUpdate();
            }
        }
        boolean newDeletion = !old.map(winner::equals).orElse(false);
        if (newDeletion) {
            try (PreparedStatement u = db.prepareStatement("INSERT OR REPLACE INTO tombstones (message_id, partition,"
                    + " conversation, sent_at, deleted_at) VALUES (?, ?, ?, ?, ?)")) {
                u.setString(1, winner.messageId());
                u.setString(2, winner.partition().toString());
                u.setString(3, winner.conversation());
                u.setString(4, winner.sentAt().toString());
                u.setString(5, winner.deletedAt().toString());
                u.executeUpdate();
            }
        }
        return live.isPresent() || newDeletion;
    }

    private static void requirePartition(PartitionKey expected, PartitionKey actual, String id) {
        if (!expected.equals(actual)) {
            throw new VaultDataException("entry " + id + " of partition " + actual + " applied to " + expected);
        }
    }

    static void bump(Connection db, PartitionKey partition) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("INSERT INTO partitions (partition, version) VALUES (?, 1)"
                + " ON CONFLICT (partition) DO UPDATE SET version = version + 1")) {
            u.setString(1, partition.toString());
            u.executeUpdate();
        }
    }

    private static long version(Connection db, PartitionKey partition) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT version FROM partitions WHERE partition = ?")) {
            q.setString(1, partition.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    // ---- rows ----

    static Optional<ChatMessage> messageOf(Connection db, String id) throws SQLException {
        return messages(db, "m.id = ?", id).stream().findFirst();
    }

    /** The messages whose row matches {@code where} (one parameter), each with its tags and receipts. */
    private static List<ChatMessage> messages(Connection db, String where, String parameter) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        // A month repeats a few conversations, senders and types thousands of times: keep one of each.
        Map<String, String> shared = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM messages m WHERE " + where)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs, shared));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement q = db.prepareStatement("SELECT t.message_id, t.tag FROM message_tags t"
                + " JOIN messages m ON m.id = t.message_id WHERE " + where)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).tag(rs.getString(2));
                }
            }
        }
        try (PreparedStatement q = db.prepareStatement("SELECT r.message_id, r.participant, r.receipt"
                + " FROM message_receipts r JOIN messages m ON m.id = r.message_id WHERE " + where)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).receipt(rs.getString(2), rs.getString(3));
                }
            }
        }
        return rows.values().stream().map(Row::message).toList();
    }

    /** One row of {@code messages} being read, gathering its tags and receipts. */
    private static final class Row {
        private final String id;
        private final String conversation;
        private final String sender;
        private final Instant sentAt;
        private final String type;
        private final String text;
        private final byte[] payload;
        private final String status;
        private final EditVersion version;
        private List<String> tags;
        private Map<String, String> receipts;

        Row(ResultSet rs, Map<String, String> shared) throws SQLException {
            id = rs.getString(1);
            conversation = shared(shared, rs.getString(2));
            sender = shared(shared, rs.getString(3));
            sentAt = Instant.ofEpochSecond(rs.getLong(4), rs.getInt(5));
            type = shared(shared, rs.getString(6));
            text = rs.getString(7);
            payload = rs.getBytes(8);
            status = shared(shared, rs.getString(9));
            long editedAt = rs.getLong(10);
            String editedBy = rs.getString(11);
            version = editedAt == 0 && editedBy.isEmpty() ? EditVersion.INITIAL
                    : new EditVersion(editedAt, shared(shared, editedBy));
        }

        private static String shared(Map<String, String> shared, String value) {
            return value == null ? null : shared.computeIfAbsent(value, v -> v);
        }

        void tag(String tag) {
            if (tags == null) {
                tags = new ArrayList<>();
            }
            tags.add(tag);
        }

        void receipt(String participant, String receipt) {
            if (receipts == null) {
                receipts = new TreeMap<>();
            }
            receipts.put(participant, receipt);
        }

        ChatMessage message() {
            return new ChatMessage(id, conversation, sender, sentAt, type, text, payload, status, tags, receipts,
                    version);
        }
    }

    private static void writeRow(Connection db, ChatMessage m) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("INSERT INTO messages (id, partition, conversation, sender,"
                + " sent_at_s, sent_at_n, type, text, payload, status, edited_at, edited_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type,"
                + " text = excluded.text, payload = excluded.payload, status = excluded.status,"
                + " edited_at = excluded.edited_at, edited_by = excluded.edited_by")) {
            u.setString(1, m.id());
            u.setString(2, m.partition().toString());
            u.setString(3, m.conversation());
            u.setString(4, m.sender());
            u.setLong(5, m.sentAt().getEpochSecond());
            u.setInt(6, m.sentAt().getNano());
            u.setString(7, m.type());
            u.setString(8, m.text());
            u.setBytes(9, m.payload());
            u.setString(10, m.status());
            u.setLong(11, m.version().timestamp());
            u.setString(12, m.version().deviceId());
            u.executeUpdate();
        }
        // Identity columns never change (MessageIdentity); tags and receipts are replaced whole.
        for (String table : List.of("message_tags", "message_receipts")) {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM " + table + " WHERE message_id = ?")) {
                d.setString(1, m.id());
                d.executeUpdate();
            }
        }
        try (PreparedStatement t = db.prepareStatement("INSERT INTO message_tags (message_id, tag) VALUES (?, ?)")) {
            for (String tag : m.tags()) {
                t.setString(1, m.id());
                t.setString(2, tag);
                t.executeUpdate();
            }
        }
        try (PreparedStatement r = db.prepareStatement("INSERT INTO message_receipts (message_id, participant,"
                + " receipt) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> receipt : m.receipts().entrySet()) {
                r.setString(1, m.id());
                r.setString(2, receipt.getKey());
                r.setString(3, receipt.getValue());
                r.executeUpdate();
            }
        }
    }

    static Optional<Tombstone> tombstoneOf(Connection db, String id) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT message_id, conversation, sent_at, deleted_at"
                + " FROM tombstones WHERE message_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(tombstone(rs)) : Optional.empty();
            }
        }
    }

    private static Tombstone tombstone(ResultSet rs) throws SQLException {
        return new Tombstone(rs.getString(1), rs.getString(2), StoredInstant.parse(rs.getString(3)),
                StoredInstant.parse(rs.getString(4)));
    }
}
