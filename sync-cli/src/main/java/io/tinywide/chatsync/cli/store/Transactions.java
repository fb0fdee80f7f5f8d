package io.tinywide.chatsync.cli.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one connection to a device's SQLite file, and how work runs on it: every write in one
 * transaction that takes the write lock at once, every multi-statement read in one snapshot, one
 * call at a time (which makes the store safe for the engine's worker threads), and SQLite's errors
 * turned into {@link DeviceStoreException}s that name the file.
 */
final class Transactions implements AutoCloseable {
    /**
     * Begins a write transaction with the write lock taken at once. A deferred {@code BEGIN} would
     * read first and ask for the lock at the first write; if another process wrote in between,
     * SQLite fails that upgrade with SQLITE_BUSY at once, without waiting out the busy timeout.
     */
    static final String BEGIN_WRITE = "BEGIN IMMEDIATE";
    /** Begins a read-only transaction: one consistent snapshot; in WAL mode it never blocks a writer. */
    static final String BEGIN_READ = "BEGIN DEFERRED";

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_NOTADB = 26;

    private final Connection db;
    private final Path file;

    Transactions(Connection db, Path file) {
        this.db = db;
        this.file = file;
    }

    /** Work on the connection that may fail with SQLite's errors. */
    @FunctionalInterface
    interface Sql<T> {
        T run(Connection db) throws SQLException;
    }

    /** Runs in one write transaction: all of it lands, or none of it. */
    synchronized <T> T write(Sql<T> work) {
        try {
            return inTransaction(db, BEGIN_WRITE, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs reads that must see one state of the file. */
    synchronized <T> T snapshot(Sql<T> work) {
        try {
            return inTransaction(db, BEGIN_READ, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs one statement's worth of reading. */
    synchronized <T> T read(Sql<T> work) {
        try {
            return work.run(db);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs {@code work} between {@code begin} and {@code COMMIT}, rolling back on any failure. The
     * statements are issued by hand, with the driver left in auto-commit: its own transaction mode
     * would begin the next transaction right after each commit, and so hold the lock between calls.
     */
    static <T> T inTransaction(Connection db, String begin, Sql<T> work) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(begin);
            try {
                T result = work.run(db);
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

    /** Runs {@code work} again while SQLite says busy, up to {@code timeout}; then lets BUSY through. */
    static <T> T whileBusy(Connection db, Duration timeout, Sql<T> work) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return work.run(db);
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

    /** SQLite's primary result code (the low byte; the rest is the extended code). */
    static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xFF;
    }

    static boolean isBusy(SQLException e) {
        return primaryCode(e) == SQLITE_BUSY || primaryCode(e) == SQLITE_LOCKED;
    }

    static DeviceStoreException busy(Path file, SQLException e) {
        return new DeviceStoreException("another chatsync is using " + file + "; try again when it has finished", e);
    }

    private DeviceStoreException failure(SQLException e) {
        return isBusy(e) ? busy(file, e) : new DeviceStoreException(file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        closeQuietly(db);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure; the original error is what matters
            }
        }
    }
}
