package io.tinywide.chatsync.examples.plugin;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link CloudStorage} over the rows of one root in {@value #TABLE}.
 *
 * <p><b>Atomicity.</b> Each conditional change is one statement whose {@code WHERE} clause or primary
 * key is the condition: {@code UPDATE ... WHERE revision = ?} for {@code ifMatch}, a plain
 * {@code INSERT} that the key refuses for {@code ifAbsent}, {@code DELETE ... AND revision = ?}. The
 * database applies each atomically, so of many racing writers exactly one changes the row. Every
 * writing transaction starts with its write statement: SQLite then takes its write lock before
 * reading anything (what {@code BEGIN IMMEDIATE} does) and waits {@link #BUSY_TIMEOUT_MS} for it,
 * where a transaction that read first could fail at once with {@code SQLITE_BUSY}.
 *
 * <p><b>Threads.</b> One connection per storage, used by one thread at a time; SQLite has one writer
 * anyway. Two storages (two devices) on one database use two connections.
 */
final class SqlTableStorage implements CloudStorage {
    /** The table, shared by every root; created if absent. */
    static final String TABLE = "chatsync_files";
    /** How long SQLite waits for another connection's write lock before reporting it busy. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    // Column types are SQLite's. On another database, create the table first with its own binary
    // type (bytea, LONGBLOB, VARBINARY(MAX)) and a binary, case-sensitive collation for the paths.
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "root TEXT NOT NULL, path TEXT NOT NULL, bytes BLOB NOT NULL, "
            + "size INTEGER NOT NULL, "          // so a listing reads no content
            + "revision TEXT NOT NULL, "
            + "PRIMARY KEY (root, path))";
    // The content only when it is within the reader's limit, so a huge row is refused unread.
    private static final String READ = "SELECT CASE WHEN size <= ? THEN bytes END, revision, size FROM " + TABLE
            + " WHERE root = ? AND path = ?";
    private static final String REVISION = "SELECT revision FROM " + TABLE + " WHERE root = ? AND path = ?";
    private static final String LIST_ALL = "SELECT path, size, revision FROM " + TABLE + " WHERE root = ?";
    // Not LIKE: '%' and '_' in a prefix would be wildcards. The database measures the prefix itself,
    // so characters outside Java's UTF-16 units count the same on both sides.
    private static final String LIST_PREFIX = LIST_ALL + " AND substr(path, 1, length(?)) = ?";
    private static final String INSERT = "INSERT INTO " + TABLE + " (root, path, bytes, size, revision) "
            + "VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE " + TABLE + " SET bytes = ?, size = ?, revision = ? "
            + "WHERE root = ? AND path = ?";
    private static final String UPDATE_IF_MATCH = UPDATE + " AND revision = ?";
    private static final String DELETE = "DELETE FROM " + TABLE + " WHERE root = ? AND path = ?";
    private static final String DELETE_IF_MATCH = DELETE + " AND revision = ?";

    // SQLite primary result codes (the driver's vendor code; it gives no SQLState).
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_PROTOCOL = 15;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_AUTH = 23;

    private final String url;
    private final String root;
    private final String name;
    private final boolean sqlite;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;   // guarded by lock; null until needed and after a lost connection
    private boolean tableReady;      // guarded by lock
    private boolean closed;          // guarded by lock

    /** Connects on first use; {@link SqlTableProvider#open} calls {@link #connect()} at once. */
    SqlTableStorage(String url, String root) {
        this.url = Objects.requireNonNull(url, "url");
        this.root = Objects.requireNonNull(root, "root");
        this.sqlite = url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length());
        this.name = SqlTableProvider.ID + ":" + withoutSecrets(url) + "#" + root;
    }

    /** Opens the connection and creates the table if absent. */
    void connect() {
        call("open the database", c -> null);
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return call("list " + (prefix.isEmpty() ? "the files" : prefix), c -> {
            try (PreparedStatement q = c.prepareStatement(prefix.isEmpty() ? LIST_ALL : LIST_PREFIX)) {
                q.setString(1, root);
                if (!prefix.isEmpty()) {
                    q.setString(2, prefix);
                    q.setString(3, prefix);
                }
                List<RemoteEntry> entries = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new RemoteEntry(rs.getString(1), rs.getLong(2), new Revision(rs.getString(3))));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        RemotePaths.requireValid(name, path);
        return call("read " + path, c -> {
            // One statement: the bytes and the revision come from the same committed row.
            try (PreparedStatement q = c.prepareStatement(READ)) {
                q.setLong(1, maxBytes);
                q.setString(2, root);
                q.setString(3, path);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    if (rs.getLong(3) > maxBytes) {
                        throw new ObjectTooLargeException(name, path, maxBytes, rs.getLong(3));
                    }
                    byte[] bytes = rs.getBytes(1);
                    // Some drivers give null for a zero-length BLOB; the column is NOT NULL, so it is empty.
                    return Optional.of(new RemoteObject(path, bytes == null ? new byte[0] : bytes,
                            new Revision(rs.getString(2))));
                }
            }
        });
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        RemotePaths.requireValid(name, path);
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(condition, "condition");
        // Random, so a revision never repeats, even after a delete and a re-create of the path.
        Revision next = new Revision(UUID.randomUUID().toString());
        return call("write " + path, c -> {
            if (condition instanceof WriteCondition.IfMatch m) {
                return inTransaction(c, () -> {
                    if (update(c, UPDATE_IF_MATCH, path, bytes, next, m.revision()) == 0) {
                        // Still inside the transaction, so this is the revision that beat us.
                        throw new PreconditionFailedException(name, path, condition, currentRevision(c, path));
                    }
                    return next;
                });
            }
            if (condition instanceof WriteCondition.IfAbsent) {
                try {
                    return inTransaction(c, () -> {
                        insert(c, path, bytes, next);
                        return next;
                    });
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) {
                        throw e;
                    }
                    // The failed INSERT ended the transaction on some databases; ask afresh.
                    throw new PreconditionFailedException(name, path, condition, currentRevision(c, path));
                }
            }
            // Unconditional: replace the row, or create it. On a server database two first writers
            // can both find no row and race to insert; the loser's retry then updates.
            for (int attempt = 1; ; attempt++) {
                try {
                    return inTransaction(c, () -> {
                        if (update(c, UPDATE, path, bytes, next, null) == 0) {
                            insert(c, path, bytes, next);
                        }
                        return next;
                    });
                } catch (SQLException e) {
                    if (!isUniqueViolation(e) || attempt >= 3) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        RemotePaths.requireValid(name, path);
        Objects.requireNonNull(condition, "condition");
        call("delete " + path, c -> {
            if (condition instanceof WriteCondition.IfMatch m) {
                return inTransaction(c, () -> {
                    try (PreparedStatement d = c.prepareStatement(DELETE_IF_MATCH)) {
                        d.setString(1, root);
                        d.setString(2, path);
                        d.setString(3, m.revision().value());
                        if (d.executeUpdate() == 0) {
                            throw new PreconditionFailedException(name, path, condition, currentRevision(c, path));
                        }
                    }
                    return null;
                });
            }
            if (condition instanceof WriteCondition.IfAbsent) {
                // Holds only if there is nothing to delete, which one read decides.
                Revision current = currentRevision(c, path);
                if (current != null) {
                    throw new PreconditionFailedException(name, path, condition, current);
                }
                return null;
            }
            try (PreparedStatement d = c.prepareStatement(DELETE)) {
                d.setString(1, root);
                d.setString(2, path);
                d.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Set<Capability> capabilities() {
        return new SqlTableProvider().capabilities();
    }

    @Override
    public String describe() {
        return name;
    }

    /** Waits for a call in progress, then closes the connection; later calls fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            discardConnection();
        } finally {
            lock.unlock();
        }
    }

    // ---- statements ----

    private int update(Connection c, String sql, String path, byte[] bytes, Revision next, Revision expected)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            u.setBytes(1, bytes);   // the driver copies the array, so the caller may change it afterwards
            u.setLong(2, bytes.length);
            u.setString(3, next.value());
            u.setString(4, root);
            u.setString(5, path);
            if (expected != null) {
                u.setString(6, expected.value());
            }
            return u.executeUpdate();
        }
    }

    private void insert(Connection c, String path, byte[] bytes, Revision next) throws SQLException {
        try (PreparedStatement i = c.prepareStatement(INSERT)) {
            i.setString(1, root);
            i.setString(2, path);
            i.setBytes(3, bytes);
            i.setLong(4, bytes.length);
            i.setString(5, next.value());
            i.executeUpdate();
        }
    }

    /** The revision at the path, or null if absent; for the answer of a failed condition. */
    private Revision currentRevision(Connection c, String path) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(REVISION)) {
            q.setString(1, root);
            q.setString(2, path);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Revision(rs.getString(1)) : null;
            }
        }
    }

    // ---- connection and transactions ----

    @FunctionalInterface
    private interface Sql<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs one call on this storage's connection, one thread at a time; SQL errors become StorageExceptions. */
    private <T> T call(String what, Sql<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new StorageException(name + ": cannot " + what + ": the storage is closed");
            }
            Connection c = connection();
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (isConnectionLost(e) || !inAutoCommit(c)) {
                    discardConnection();   // the next call starts on a fresh connection
                }
                throw e;
            }
        } catch (SQLException e) {
            throw translate(what, e);
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            try {
                DriverManager.getDriver(url);
            } catch (SQLException noDriver) {
                // Said here rather than by the driver manager, whose message repeats the whole URL.
                throw new StorageException(name + ": no JDBC driver on the class path accepts " + withoutSecrets(url)
                        + "; add your database's driver jar");
            }
            Connection c = DriverManager.getConnection(url);
            try {
                if (sqlite) {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                    }
                }
                if (!tableReady) {
                    try (Statement s = c.createStatement()) {
                        s.execute(CREATE);
                    }
                    tableReady = true;
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c, e);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /**
     * Runs work in one transaction: all of it commits, or none. Not the driver's own
     * "immediate" transaction mode: SQLite's driver begins the next transaction as soon as it
     * commits, which would hold the write lock between calls.
     */
    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean inAutoCommit(Connection c) {
        try {
            return c.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }

    private void discardConnection() {
        if (connection != null) {
            closeQuietly(connection, null);
            connection = null;
        }
    }

    private static void closeQuietly(Connection c, Exception pending) {
        try {
            c.close();
        } catch (SQLException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            }
        }
    }

    // ---- errors ----

    private int sqliteCode(SQLException e) {
        return sqlite ? e.getErrorCode() & 0xff : -1;   // extended codes carry the primary one in the low byte
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    /** The primary key refused a second row for the path (SQLState class 23; SQLite gives only its code). */
    private boolean isUniqueViolation(SQLException e) {
        return sqlState(e).startsWith("23") || sqliteCode(e) == SQLITE_CONSTRAINT;
    }

    private boolean isConnectionLost(SQLException e) {
        int code = sqliteCode(e);
        return e instanceof SQLRecoverableException || sqlState(e).startsWith("08")
                || code == SQLITE_IOERR || code == SQLITE_CANTOPEN;
    }

    /** Maps an SQL error to the port's small set, by standard SQLState class and SQLite's codes. */
    private StorageException translate(String what, SQLException e) {
        String where = name + ": cannot " + what + ": " + e.getMessage();
        String state = sqlState(e);
        int code = sqliteCode(e);
        if (e instanceof SQLInvalidAuthorizationSpecException || state.startsWith("28") || state.equals("42501")
                || code == SQLITE_AUTH || code == SQLITE_PERM || code == SQLITE_READONLY) {
            return new AuthenticationException(where + "; check the database user, its password and its rights on "
                    + TABLE + " (or the database file's permissions)", e);
        }
        if (code == SQLITE_FULL || state.equals("53100")) {
            return new QuotaExceededException(where + "; the database or its disk is full", e);
        }
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException || state.startsWith("08")
                || state.startsWith("40") || state.startsWith("57") || state.startsWith("HYT")
                || code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR || code == SQLITE_CANTOPEN
                || code == SQLITE_PROTOCOL) {
            return new TransientStorageException(where + "; check that the database is reachable and sync again", e);
        }
        return new StorageException(where, e);
    }

    /**
     * The JDBC URL without what may hold credentials: anything between {@code jdbc:<driver>:} and an
     * {@code @} ({@code user:password@host}, Oracle's {@code user/password@host}), and every
     * parameter after {@code ?}, {@code ;} or {@code &} ({@code password=...}).
     */
    static String withoutSecrets(String url) {
        String s = url;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            int driverEnd = s.indexOf(':', "jdbc:".length());
            int keep = driverEnd >= 0 && driverEnd < at ? driverEnd + 1 : 0;
            s = s.substring(0, keep) + "***@" + s.substring(at + 1);
        }
        for (char separator : new char[] {'?', ';', '&'}) {
            int cut = s.indexOf(separator);
            if (cut >= 0) {
                s = s.substring(0, cut);
            }
        }
        return s;
    }
}
