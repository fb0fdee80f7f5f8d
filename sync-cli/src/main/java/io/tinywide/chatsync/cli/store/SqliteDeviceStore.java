package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.codec.CanonicalJson;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One device's message store and sync state in one SQLite file.
 *
 * <p>Every change runs in one transaction (WAL journal, {@code synchronous=FULL}), so a crash
 * leaves the file as it was before or after the change. The schema carries a version
 * ({@code PRAGMA user_version}) and migrates forward on open; a file from a newer chatsync is refused
 * rather than damaged, and so is any SQLite file that does not carry chatsync's
 * {@code PRAGMA application_id}: it is left exactly as it was. Calls are serialised on the one
 * connection, which makes the store safe for the engine's worker threads. Two processes may share
 * the file: each write transaction takes SQLite's write lock as it begins and waits for the other's
 * to finish, up to a timeout.
 */
public final class SqliteDeviceStore implements LocalMessageStore, SyncStateStore, AutoCloseable {
    private final Connection db;
    private final Path file;
    private final String deviceId;

    private SqliteDeviceStore(Connection db, Path file) throws SQLException {
        this.db = db;
        this.file = file;
        this.deviceId = loadOrCreateDeviceId();
    }

    /**
     * Opens (creating if absent) a device store.
     *
     * @throws DeviceStoreException if the file is not a chatsync store, is from a newer chatsync,
     *                              or cannot be opened
     */
    public static SqliteDeviceStore open(Path file) {
        return open(file, true, BUSY_TIMEOUT);
    }

    /**
     * Opens a device store that must already exist, for work that only makes sense on one (reading
     * it, deleting from it); creates neither the file nor its folders.
     *
     * @throws DeviceStoreException if there is no file, or as {@link #open(Path)}
     */
    public static SqliteDeviceStore openExisting(Path file) {
        return open(file, false, BUSY_TIMEOUT);
    }

    /**
     * How long a write waits for another process's write transaction on the same file (another
     * chatsync, or a second command run meanwhile) before it gives up with a clear message.
     */
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** {@link #open(Path)} with another busy timeout, for tests. */
    static SqliteDeviceStore open(Path file, Duration busyTimeout) {
        return open(file, true, busyTimeout);
    }

    private static SqliteDeviceStore open(Path file, boolean create, Duration busyTimeout) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!create && !Files.exists(absolute)) {
            throw missing(absolute, null);
        }
        Connection db = null;
        try {
            if (create && absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            SQLiteConfig config = new SQLiteConfig();
            // At connect, so that even the first read of the file waits for a writer.
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            if (!create) {
                config.resetOpenMode(SQLiteOpenMode.CREATE); // nor if the file went away since the check
            }
            db = config.createConnection("jdbc:sqlite:" + absolute);
            Connection reading = db;
            // One snapshot for the three reads: another process creating the same new store must
            // not be seen half-way (its tables without its id), which would look like a foreign file.
            boolean stamp = inTransaction(db, BEGIN_READ, () -> requireChatsyncStore(reading, absolute, create));
            whileBusy(busyTimeout, () -> {
                // SQLite answers a journal-mode change that meets a reader with BUSY at once, without
                // waiting out the busy timeout: wait here instead.
                try (Statement s = reading.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                }
                return null;
            });
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                if (stamp) {
                    // Before the tables: a crash in between leaves a stamped, empty file, which the
                    // next open recognises as ours and migrates.
                    s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
                }
            }
            migrate(db);
            return new SqliteDeviceStore(db, absolute);
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(db);
            if (e instanceof SQLException sql && isBusy(sql)) {
                throw busy(absolute, sql);
            }
            if (e instanceof SQLException sql && !create && primaryCode(sql) == SQLITE_CANTOPEN
                    && !Files.exists(absolute)) {
                throw missing(absolute, sql);
            }
            String hint = e instanceof SQLException sql && primaryCode(sql) == SQLITE_NOTADB
                    ? " is not a chatsync store (it is not an SQLite database); pass another --store"
                    : " cannot be opened as a chatsync device store: " + e.getMessage();
            throw new DeviceStoreException(absolute + hint, e);
        } catch (DeviceStoreException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /**
     * Reads, and only reads, what the file is; true if it is to become ours and still lacks our
     * application id. Every write (even the WAL pragma, which rewrites the header) comes after this,
     * so a file that is not ours is left byte for byte as it was.
     */
    private static boolean requireChatsyncStore(Connection db, Path file, boolean create) throws SQLException {
        int applicationId = intPragma(db, "application_id");
        int version = intPragma(db, "user_version");
        if (applicationId == Schema.APPLICATION_ID) {
            if (version > Schema.latest()) {
                throw new DeviceStoreException(file + " was written by a newer chatsync (schema " + version
                        + ", this one knows up to " + Schema.latest() + "); upgrade chatsync", null);
            }
            return false;
        }
        boolean empty = applicationId == 0 && version == 0 && Schema.objects(db).isEmpty();
        if (empty && !create) {
            throw missing(file, null); // an empty file (0 bytes, say) is not a store yet either
        }
        if (empty || applicationId == 0 && Schema.isUnstampedStore(db, version)) {
            return true;
        }
        throw new DeviceStoreException(file + " is not a chatsync store (it is some other SQLite database);"
                + " pass another --store", null);
    }

    /** Runs {@code work} again while SQLite says busy, up to {@code timeout}; then lets BUSY through. */
    private static <T> T whileBusy(Duration timeout, Sql<T> work) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static int intPragma(Connection db, String name) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** SQLite's primary result code (the low byte; the rest is the extended code). */
    private static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xFF;
    }

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private static boolean isBusy(SQLException e) {
        return primaryCode(e) == SQLITE_BUSY || primaryCode(e) == SQLITE_LOCKED;
    }

    private static DeviceStoreException missing(Path file, SQLException e) {
        return new DeviceStoreException("no chatsync store at " + file
                + "; run chatsync import or chatsync sync first, or pass another --store", e);
    }

    private static DeviceStoreException busy(Path file, SQLException e) {
        return new DeviceStoreException("another chatsync is using " + file + "; try again when it has finished", e);
    }

    private static void migrate(Connection db) throws SQLException {
        if (intPragma(db, "user_version") >= Schema.latest()) {
            return; // the usual case, without taking the write lock
        }
        inTransaction(db, BEGIN_WRITE, () -> {
            // Read again under the lock: another process may have migrated the file meanwhile.
            try (Statement s = db.createStatement()) {
                for (int v = intPragma(db, "user_version"); v < Schema.latest(); v++) {
                    for (String sql : Schema.MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version = " + (v + 1));
                }
            }
            return null;
        });
    }

    private String loadOrCreateDeviceId() throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM device WHERE key = 'device_id'");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        // Two processes may open a new store at once: the first id written is the device's.
        inTransaction(db, BEGIN_WRITE, () -> {
            try (PreparedStatement u = db.prepareStatement("INSERT OR IGNORE INTO device (key, value)"
                    + " VALUES ('device_id', ?)")) {
                u.setString(1, "device-" + UUID.randomUUID());
                u.executeUpdate();
            }
            return null;
        });
        return loadOrCreateDeviceId();
    }

    /** This device's id, random on first open, stable afterwards; it stamps this device's edits. */
    public String deviceId() {
        return deviceId;
    }

    /** The SQLite file. */
    public Path file() {
        return file;
    }

    // ---- LocalMessageStore ----

    @Override
    public void save(ChatMessage message) {
        saveAll(List.of(message));
    }

    /**
     * Records many new or edited messages in one transaction, with the rules of {@link #save}:
     * an import of thousands of messages costs one commit, not thousands.
     */
    public synchronized void saveAll(java.util.Collection<ChatMessage> messages) {
        transaction(() -> {
            java.util.Set<PartitionKey> changed = new java.util.TreeSet<>();
            for (ChatMessage m : messages) {
                if (upsert(m)) {
                    changed.add(m.partition());
                }
            }
            for (PartitionKey key : changed) {
                bump(key);
            }
            return null;
        });
    }

    @Override
    public synchronized void delete(Tombstone tombstone) {
        transaction(() -> {
            if (addTombstone(tombstone)) {
                bump(tombstone.partition());
            }
            return null;
        });
    }

    @Override
    public synchronized Applied apply(VaultDelta delta) {
        return transaction(() -> {
            long before = version(delta.partition());
            boolean changed = false;
            for (Tombstone t : delta.tombstones()) {
                requirePartition(delta.partition(), t.partition(), t.messageId());
                changed |= addTombstone(t);
            }
            for (ChatMessage m : delta.upserts()) {
                requirePartition(delta.partition(), m.partition(), m.id());
                changed |= upsert(m);
            }
            if (changed) {
                bump(delta.partition());
            }
            return new Applied(before, version(delta.partition()));
        });
    }

    /**
     * The deletion this device holds for a message id, whichever month it is in. Not part of
     * {@link LocalMessageStore}: the command line needs it to name the import line or the delete
     * that meets an earlier deletion, without reading every month.
     */
    public synchronized Optional<Tombstone> tombstone(String id) {
        return query(() -> tombstoneOf(id));
    }

    @Override
    public synchronized Optional<ChatMessage> message(String id) {
        return query(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT body FROM messages WHERE id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(decode(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public synchronized List<ChatMessage> conversation(String conversationUrn) {
        return query(() -> {
            List<ChatMessage> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT body FROM messages WHERE conversation = ?"
                    + " ORDER BY sent_at_s, sent_at_n, id")) {
                q.setString(1, conversationUrn);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(decode(rs.getString(1)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public synchronized SortedMap<PartitionKey, Long> partitionVersions() {
        return query(() -> {
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
    public synchronized LocalPartition load(PartitionKey partition) {
        return snapshot(() -> {
            List<ChatMessage> messages = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT body FROM messages WHERE partition = ?")) {
                q.setString(1, partition.toString());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        messages.add(decode(rs.getString(1)));
                    }
                }
            }
            List<Tombstone> tombstones = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT message_id, conversation, sent_at, deleted_at"
                    + " FROM tombstones WHERE partition = ?")) {
                q.setString(1, partition.toString());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        tombstones.add(new Tombstone(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)),
                                Instant.parse(rs.getString(4))));
                    }
                }
            }
            return new LocalPartition(ChatVault.of(partition, messages, tombstones), version(partition));
        });
    }

    // ---- SyncStateStore ----

    @Override
    public synchronized Map<PartitionKey, PartitionState> load(String remote) {
        return query(() -> {
            Map<PartitionKey, PartitionState> out = new TreeMap<>();
            try (PreparedStatement q = db.prepareStatement("SELECT partition, vault_revision, manifest_revision,"
                    + " generation, synced_version, held, manifest FROM sync_state WHERE remote = ?")) {
                q.setString(1, remote);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        PartitionKey key = PartitionKey.parse(rs.getString(1));
                        byte[] manifest = rs.getBytes(7);
                        out.put(key, new PartitionState(revision(rs.getString(2)), revision(rs.getString(3)),
                                rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0, manifest == null ? null
                                : CanonicalJson.decodeManifest(file + " (cached manifest of " + key + ")", key,
                                manifest)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public synchronized void save(String remote, PartitionKey partition, PartitionState state) {
        transaction(() -> {
            try (PreparedStatement u = db.prepareStatement("INSERT OR REPLACE INTO sync_state (remote, partition,"
                    + " vault_revision, manifest_revision, generation, synced_version, held, manifest)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                VaultManifest manifest = state.manifest();
                u.setString(1, remote);
                u.setString(2, partition.toString());
                u.setString(3, state.vaultRevision() == null ? null : state.vaultRevision().value());
                u.setString(4, state.manifestRevision() == null ? null : state.manifestRevision().value());
                u.setLong(5, state.generation());
                u.setLong(6, state.syncedLocalVersion());
                u.setInt(7, state.held() ? 1 : 0);
                u.setBytes(8, manifest == null ? null : CanonicalJson.encodeManifest(manifest));
                u.executeUpdate();
            }
            return null;
        });
    }

    // ---- rows ----

    /** Inserts or replaces a message by the merge rules; true if the store changed. */
    private boolean upsert(ChatMessage m) throws SQLException {
        if (tombstoneOf(m.id()).isPresent()) {
            Tombstone t = tombstoneOf(m.id()).get();
            ChatVault.of(t.partition(), List.of(m), List.of(t)); // checks the identities agree
            return false;
        }
        Optional<StoredRow> existing = row(m.id());
        ChatMessage winner = m;
        if (existing.isPresent()) {
            ChatMessage old = existing.get().message();
            if (!old.partition().equals(m.partition())) {
                throw new VaultDataException("message id " + m.id() + " is stored in partition " + old.partition()
                        + " and cannot also be in " + m.partition());
            }
            winner = VaultMerge.merge(ChatVault.of(m.partition(), List.of(old), List.of()),
                    ChatVault.of(m.partition(), List.of(m), List.of())).message(m.id()).orElseThrow();
            if (winner.equals(old)) {
                return false;
            }
        }
        try (PreparedStatement u = db.prepareStatement("INSERT OR REPLACE INTO messages (id, partition,"
                + " conversation, sent_at_s, sent_at_n, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            u.setString(1, winner.id());
            u.setString(2, winner.partition().toString());
            u.setString(3, winner.conversation());
            u.setLong(4, winner.sentAt().getEpochSecond());
            u.setInt(5, winner.sentAt().getNano());
            u.setString(6, CanonicalJson.encodeMessageLine(winner));
            u.executeUpdate();
        }
        return true;
    }

    /** Records a tombstone (the earliest deletion wins) and removes its message; true if changed. */
    private boolean addTombstone(Tombstone t) throws SQLException {
        Optional<Tombstone> old = tombstoneOf(t.messageId());
        Optional<StoredRow> live = row(t.messageId());
        List<ChatMessage> messages = live.map(r -> List.of(r.message())).orElse(List.of());
        List<Tombstone> tombstones = new ArrayList<>(old.map(List::of).orElse(List.of()));
        tombstones.add(t);
        if (live.isPresent() && !live.get().message().partition().equals(t.partition())) {
            throw new VaultDataException("tombstone of " + t.messageId() + " is for partition " + t.partition()
                    + ", but the message is stored in " + live.get().message().partition());
        }
        Tombstone winner = ChatVault.of(t.partition(), messages, tombstones).tombstone(t.messageId()).orElseThrow();
        boolean changed = live.isPresent() || !old.map(winner::equals).orElse(false);
        if (live.isPresent()) {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                d.setString(1, t.messageId());
                d.executeUpdate();
            }
        }
        if (!old.map(winner::equals).orElse(false)) {
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
        return changed;
    }

    private record StoredRow(ChatMessage message) { }

    private Optional<StoredRow> row(String id) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT body FROM messages WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new StoredRow(decode(rs.getString(1)))) : Optional.empty();
            }
        }
    }

    private Optional<Tombstone> tombstoneOf(String id) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT message_id, conversation, sent_at, deleted_at"
                + " FROM tombstones WHERE message_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Tombstone(rs.getString(1), rs.getString(2),
                        Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)))) : Optional.empty();
            }
        }
    }

    private void bump(PartitionKey partition) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("INSERT INTO partitions (partition, version) VALUES (?, 1)"
                + " ON CONFLICT (partition) DO UPDATE SET version = version + 1")) {
            u.setString(1, partition.toString());
            u.executeUpdate();
        }
    }

    private long version(PartitionKey partition) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT version FROM partitions WHERE partition = ?")) {
            q.setString(1, partition.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void requirePartition(PartitionKey expected, PartitionKey actual, String id) {
        if (!expected.equals(actual)) {
            throw new VaultDataException("entry " + id + " of partition " + actual + " applied to " + expected);
        }
    }

    private ChatMessage decode(String body) {
        return CanonicalJson.decodeMessageLine(file.toString(), body);
    }

    private static Revision revision(String value) {
        return value == null ? null : new Revision(value);
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    /**
     * Begins a write transaction with the write lock taken at once. A deferred {@code BEGIN} would
     * read first and ask for the lock at the first write; if another process wrote in between,
     * SQLite fails that upgrade with SQLITE_BUSY at once, without waiting out the busy timeout.
     */
    private static final String BEGIN_WRITE = "BEGIN IMMEDIATE";
    /** Begins a read-only transaction: one consistent snapshot; in WAL mode it never blocks a writer. */
    private static final String BEGIN_READ = "BEGIN DEFERRED";

    /** Runs in one write transaction: all of it lands, or none of it. */
    private <T> T transaction(Sql<T> work) {
        try {
            return inTransaction(db, BEGIN_WRITE, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs reads that must see one state of the file. */
    private <T> T snapshot(Sql<T> work) {
        try {
            return inTransaction(db, BEGIN_READ, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs {@code work} between {@code begin} and {@code COMMIT}, rolling back on any failure. The
     * statements are issued by hand, with the driver left in auto-commit: its own transaction mode
     * would begin the next transaction right after each commit, and so hold the lock between calls.
     */
    private static <T> T inTransaction(Connection db, String begin, Sql<T> work) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(begin);
            try {
                T result = work.run();
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // An Error too: a transaction left open would hold the write lock until the process ends.
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // SQLite may have rolled back already
                }
                throw e;
            }
        }
    }

    private <T> T query(Sql<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private DeviceStoreException failure(SQLException e) {
        return isBusy(e) ? busy(file, e) : new DeviceStoreException(file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        closeQuietly(db);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure; the original error is what matters
            }
        }
    }
}
