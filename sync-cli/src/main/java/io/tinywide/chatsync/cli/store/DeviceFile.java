package io.tinywide.chatsync.cli.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
    static DeviceFile open(Path file, Access access, Duration busyTimeout) {
        boolean create = access == Access.CREATE;
        if (!create && !Files.exists(file)) {
            throw missing(file, null);
        }
        Connection db = null;
        try {
            if (create) {
                createPrivately(file);
            }
            SQLiteConfig config = new SQLiteConfig();
            // At connect, so that even the first read of the file waits for a writer.
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            // Nothing here asks for generated keys; left on, the driver prepares and runs a
            // "SELECT last_insert_rowid()" after every insert (about a tenth of an import's time).
            config.setGetGeneratedKeys(false);
            if (!create) {
                config.resetOpenMode(SQLiteOpenMode.CREATE); // nor if the file went away since the check
            }
            String url = "jdbc:sqlite:" + file;
            if (access == Access.READ_ONLY) {
                config.setReadOnly(true);
                if (Files.getFileStore(file).isReadOnly()) {
                    // On a read-only mount SQLite cannot make the WAL index it wants even to read; nothing
                    // can write there, so reading it as immutable is exact.
                    url = "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1";
                    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
                }
            }
            db = config.createConnection(url);
            Transactions.Opener readers = readers(url, access, busyTimeout);
            // One snapshot for the three reads: another process creating the same new store must
            // not be seen half-way (its tables without its id), which would look like a foreign file.
            boolean stamp = Transactions.inTransaction(db, Transactions.BEGIN_READ,
                    c -> requireChatsyncStore(c, file, create));
            if (access == Access.READ_ONLY) {
                requireCurrentSchema(db, file);
                return new DeviceFile(new Transactions(db, file, readers), readDeviceId(db, file));
            }
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
            return new DeviceFile(new Transactions(db, file, readers), loadOrCreateDeviceId(db));
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

    /** How a command opens the file. */
    enum Access {
        /** Read and write, creating the file (and its folders) if absent: import, sync, restore. */
        CREATE,
        /** Read and write an existing file: delete. */
        EXISTING,
        /** Read an existing file and write nothing at all, not even its header: export. */
        READ_ONLY
    }

    /** Owner only: the store holds the history in clear. */
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");

    /**
     * Creates the folders that are missing (0700) and the empty file (0600) before SQLite opens it,
     * so that the history is never readable by others, not even for a moment; SQLite gives its
     * {@code -wal} and {@code -shm} files the mode of the database. Existing folders and an existing
     * file are left as they are.
     */
    private static void createPrivately(Path file) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
            } else {
                Files.createDirectories(parent);
            }
        }
        if (posix) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
            } catch (FileAlreadyExistsException existing) {
                // another process made it first, or it is an existing store: its mode is its owner's
            }
        }
    }

    /**
     * A warning when the file can be read by other users of this machine, or empty; an existing
     * store keeps its mode, since chmod is the owner's decision.
     */
    static Optional<String> exposure(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(file + " can be read by other users of this machine (mode "
                        + PosixFilePermissions.toString(mode) + ") although it holds your history in clear; "
                        + "run: chmod 600 '" + file + "'*");
            }
        } catch (UnsupportedOperationException | IOException notPosix) {
            // no POSIX modes (Windows): the folder's ACL is what protects it
        }
        return Optional.empty();
    }

    private static void requireCurrentSchema(Connection db, Path file) throws SQLException {
        requireChatsyncStore(db, file, false);
        int version = intPragma(db, "user_version");
        if (version < Schema.latest()) {
            throw new DeviceStoreException(file + " is a chatsync store of an older schema (" + version + ") that "
                    + "must be upgraded before it can be read, and this command writes nothing; run a command that "
                    + "writes (chatsync sync) once where the file is writable", null);
        }
    }

    private static String readDeviceId(Connection db, Path file) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM device WHERE key = 'device_id'");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        throw new DeviceStoreException(file + " is a chatsync store without its device id; open it once with a "
                + "command that writes (chatsync sync)", null);
    }

    /**
     * Opens the connections that reads run on (the engine's workers read months in parallel), like
     * the first but read-only, and never creating the file: it is there by then.
     */
    private static Transactions.Opener readers(String url, Access access, Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(true);
        if (access == Access.READ_ONLY && url.contains("?immutable=1")) {
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        }
        return () -> config.createConnection(url);
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
