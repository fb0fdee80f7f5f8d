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

    /** More reading connections than cores would only wait for each other. */
    private static final int MOST_READERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Connection db;
    private final Path file;
    private final Opener opener;
    private final java.util.ArrayDeque<Connection> idleReaders = new java.util.ArrayDeque<>();
    private final java.util.List<Connection> readers = new java.util.ArrayList<>();
    private boolean closed;
    /** Whether the writing connection commits with {@code synchronous=FULL}, as it is opened (DeviceFile). */
    private boolean synchronousFull = true;

    /** Opens one more connection to the same file, configured as the first. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /**
     * @param db     the writing connection
     * @param opener opens reading connections when reads run in parallel
     */
    Transactions(Connection db, Path file, Opener opener) {
        this.db = db;
        this.file = file;
        this.opener = opener;
    }

    /** Work on the connection that may fail with SQLite's errors. */
    @FunctionalInterface
    interface Sql<T> {
        T run(Connection db) throws SQLException;
    }

    /**
     * Runs in one write transaction: all of it lands, or none of it; and it is on the disk (fsync of
     * the journal, {@code synchronous=FULL}) before this returns, with every transaction before it.
     */
    synchronized <T> T write(Sql<T> work) {
        try {
            if (!synchronousFull) {
                // A writeRepeatable could not set it back: a user's change never commits without it.
                setSynchronous("FULL");
            }
            return inTransaction(db, BEGIN_WRITE, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs in one write transaction like {@link #write}, without waiting for the disk: for what a
     * sync records (data that arrived from a remote, and what the device knows of the remote), whose
     * loss would only make the next sync do the work again. A crash of the process loses nothing
     * committed; a power loss may lose the last of these transactions, always a tail of them in
     * commit order (the journal's checksums end recovery at the first missing one), never one in
     * the middle and never an earlier {@link #write}. They are on the disk with the next
     * {@link #write}, or when the store closes.
     */
    synchronized <T> T writeRepeatable(Sql<T> work) {
        try {
            setSynchronous("NORMAL");
            Throwable failed = null;
            try {
                return inTransaction(db, BEGIN_WRITE, work);
            } catch (Throwable t) {
                failed = t;
                throw t;
            } finally {
                try {
                    setSynchronous("FULL");
                } catch (SQLException e) {
                    if (failed == null) {
                        throw e;
                    }
                    failed.addSuppressed(e); // the work's own failure is what to report
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Sets how commits wait for the disk, remembering whether it is back at {@code FULL}. */
    private void setSynchronous(String level) throws SQLException {
        synchronousFull = false;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA synchronous=" + level);
        }
        synchronousFull = "FULL".equals(level);
    }

    /**
     * Runs reads that must see one state of the file: every write committed before it, none after.
     * They run on reading connections of their own, so that the engine's workers read months in
     * parallel and never wait for a write (in WAL mode readers and the writer do not block each other).
     */
    <T> T snapshot(Sql<T> work) {
        Connection reader = borrowReader();
        try {
            return inTransaction(reader, BEGIN_READ, work);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            giveBack(reader);
        }
    }

    /** Runs one statement's worth of reading. */
    <T> T read(Sql<T> work) {
        return snapshot(work);
    }

    private Connection borrowReader() {
        synchronized (idleReaders) {
            while (idleReaders.isEmpty() && readers.size() >= MOST_READERS && !closed) {
                try {
                    idleReaders.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeviceStoreException("interrupted while waiting to read " + file, e);
                }
            }
            if (closed) {
                throw new DeviceStoreException(file + " is closed", null);
            }
            if (!idleReaders.isEmpty()) {
                return idleReaders.pop();
            }
            try {
                Connection reader = opener.open();
                readers.add(reader);
                return reader;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private void giveBack(Connection reader) {
        synchronized (idleReaders) {
            idleReaders.push(reader);
            idleReaders.notifyAll();
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

    /** Closes the connection; the last one to the file checkpoints it, which puts every commit on the disk. */
    @Override
    public synchronized void close() {
        synchronized (idleReaders) {
            closed = true;
            readers.forEach(Transactions::closeQuietly);
            readers.clear();
            idleReaders.clear();
            idleReaders.notifyAll();
        }
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
