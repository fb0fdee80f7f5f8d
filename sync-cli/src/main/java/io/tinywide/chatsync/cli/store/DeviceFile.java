package io.tinywide.chatsync.cli.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Opening a device's SQLite file: telling a chatsync store from any other file, migrating its
 * schema forward, and its device id. A file that is not ours, or is from a newer chatsync, is
 * refused and left byte for byte as it was.
 *
 * @param transactions the open connection
 * @param deviceId     this device's id, random on first open, stable afterwards
 */
record DeviceFile(Transactions transactions, String deviceId) {

    /**
     * Opens the file, creating it (and its folders) if {@code create} and it is absent.
     *
     * @throws DeviceStoreException if the file is missing (and not to be created), is not a
     *                              chatsync store, is from a newer chatsync, or cannot be opened
     */
    static DeviceFile open(Path file, boolean create, Duration busyTimeout) {
        if (!create && !Files.exists(file)) {
            throw missing(file, null);
        }
        Connection db = null;
        try {
            if (create && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            SQLiteConfig config = new SQLiteConfig();
            // At connect, so that even the first read of the file waits for a writer.
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            if (!create) {
                config.resetOpenMode(SQLiteOpenMode.CREATE); // nor if the file went away since the check
            }
            db = config.createConnection("jdbc:sqlite:" + file);
            // One snapshot for the three reads: another process creating the same new store must
            // not be seen half-way (its tables without its id), which would look like a foreign file.
            boolean stamp = Transactions.inTransaction(db, Transactions.BEGIN_READ,
                    c -> requireChatsyncStore(c, file, create));
            Transactions.whileBusy(db, busyTimeout, c -> {
                // SQLite answers a journal-mode change that meets a reader with BUSY at once, without
                // waiting out the busy timeout: wait here instead.
                try (Statement s = c.createStatement()) {
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
            return new DeviceFile(new Transactions(db, file), loadOrCreateDeviceId(db));
        } catch (SQLException | IOException e) {
            Transactions.closeQuietly(db);
            if (e instanceof SQLException sql && Transactions.isBusy(sql)) {
                throw Transactions.busy(file, sql);
            }
            if (e instanceof SQLException sql && !create
                    && Transactions.primaryCode(sql) == Transactions.SQLITE_CANTOPEN && !Files.exists(file)) {
                throw missing(file, sql);
            }
            String hint = e instanceof SQLException sql && Transactions.primaryCode(sql) == Transactions.SQLITE_NOTADB
                    ? " is not a chatsync store (it is not an SQLite database); pass another --store"
                    : " cannot be opened as a chatsync device store: " + e.getMessage();
            throw new DeviceStoreException(file + hint, e);
        } catch (DeviceStoreException e) {
            Transactions.closeQuietly(db);
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

    private static void migrate(Connection db) throws SQLException {
        if (intPragma(db, "user_version") >= Schema.latest()) {
            return; // the usual case, without taking the write lock
        }
        Transactions.inTransaction(db, Transactions.BEGIN_WRITE, c -> {
            // Read again under the lock: another process may have migrated the file meanwhile.
            for (int v = intPragma(c, "user_version"); v < Schema.latest(); v++) {
                Schema.migrate(c, v);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + (v + 1));
                }
            }
            return null;
        });
    }

    private static String loadOrCreateDeviceId(Connection db) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM device WHERE key = 'device_id'");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        // Two processes may open a new store at once: the first id written is the device's.
        Transactions.inTransaction(db, Transactions.BEGIN_WRITE, c -> {
            try (PreparedStatement u = c.prepareStatement("INSERT OR IGNORE INTO device (key, value)"
                    + " VALUES ('device_id', ?)")) {
                u.setString(1, "device-" + UUID.randomUUID());
                u.executeUpdate();
            }
            return null;
        });
        return loadOrCreateDeviceId(db);
    }

    private static int intPragma(Connection db, String name) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static DeviceStoreException missing(Path file, SQLException e) {
        return new DeviceStoreException("no chatsync store at " + file
                + "; run chatsync import or chatsync sync first, or pass another --store", e);
    }
}
