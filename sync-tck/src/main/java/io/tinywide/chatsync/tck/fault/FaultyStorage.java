package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A storage that fails the calls you choose, the way real networks do (after Kopia's
 * {@code FaultyStorage}).
 *
 * <pre>{@code
 * FaultyStorage faulty = new FaultyStorage(storage);
 * faulty.inject(Operation.READ, path -> path.endsWith("2024_01.json"), Fault.TRANSIENT, 2); // twice
 * faulty.inject(Operation.WRITE, path -> true, Fault.AFTER_WRITE, Integer.MAX_VALUE);        // always
 * ...
 * faulty.heal();                                                                             // all gone
 * }</pre>
 */
public final class FaultyStorage extends ForwardingStorage {
    /** The calls a fault can target. */
    public enum Operation { LIST, READ, WRITE, DELETE }

    /** What goes wrong. */
    public enum Fault {
        /** A dropped connection or a 5xx: {@link TransientStorageException}; nothing happened. */
        TRANSIENT,
        /** Throttling: {@link RateLimitedException} with a one-second Retry-After; nothing happened. */
        THROTTLED,
        /** A timeout: {@link TransientStorageException} saying so; nothing happened. */
        TIMEOUT,
        /**
         * The call reached the storage and took effect, but its answer was lost: the write or delete
         * happened, then {@link TransientStorageException}. For reads and lists, like {@link #TRANSIENT}.
         */
        AFTER_WRITE
    }

    private record Rule(Operation operation, Predicate<String> paths, Fault fault, AtomicInteger remaining) { }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();

    public FaultyStorage(CloudStorage delegate) {
        super(delegate);
    }

    /**
     * Fails the next {@code times} calls of an operation on paths that match (for lists, the
     * prefix). Rules are checked in the order they were added.
     */
    public FaultyStorage inject(Operation operation, Predicate<String> paths, Fault fault, int times) {
        rules.add(new Rule(operation, paths, fault, new AtomicInteger(times)));
        return this;
    }

    /** Removes every rule: the storage behaves again. */
    public void heal() {
        rules.clear();
    }

    /** How many calls failed on purpose so far. */
    public int injectedFaults() {
        return injected.get();
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        failIfInjected(Operation.LIST, prefix);
        return super.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        failIfInjected(Operation.READ, path);
        return super.read(path, maxBytes);
    }

    /** A read of every version is a read: the same rules apply. */
    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        failIfInjected(Operation.READ, path);
        return super.readVersions(path, maxBytes);
    }

    private void failIfInjected(Operation operation, String path) {
        Fault f = match(operation, path);
        if (f != null) {
            throw failure(f, operation.name().toLowerCase(java.util.Locale.ROOT) + " " + path);
        }
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        Fault f = match(Operation.WRITE, path);
        if (f == Fault.AFTER_WRITE) {
            super.write(path, bytes, condition);
        }
        if (f != null) {
            throw failure(f, "write " + path);
        }
        return super.write(path, bytes, condition);
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        Fault f = match(Operation.DELETE, path);
        if (f == Fault.AFTER_WRITE) {
            super.delete(path, condition);
        }
        if (f != null) {
            throw failure(f, "delete " + path);
        }
        super.delete(path, condition);
    }

    private Fault match(Operation operation, String path) {
        for (Rule r : rules) {
            if (r.operation() == operation && r.paths().test(path) && r.remaining().getAndDecrement() > 0) {
                injected.incrementAndGet();
                return r.fault();
            }
        }
        return null;
    }

    private TransientStorageException failure(Fault fault, String call) {
        String where = describe() + ": injected fault on " + call;
        return switch (fault) {
            case THROTTLED -> new RateLimitedException(where + " (throttled)", Duration.ofSeconds(1), null);
            case TIMEOUT -> new TransientStorageException(where + " (timed out)", null);
            case AFTER_WRITE -> new TransientStorageException(where + " (it reached the storage; the answer was lost)",
                    null);
            case TRANSIENT -> new TransientStorageException(where, null);
        };
    }
}
