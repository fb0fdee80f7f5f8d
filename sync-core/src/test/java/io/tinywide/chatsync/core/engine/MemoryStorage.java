package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A minimal atomic in-memory storage for the engine's own tests, with scripted failures and call
 * records. (Providers are verified by sync-tck, which has richer wrappers; core cannot depend on it.)
 */
final class MemoryStorage implements CloudStorage {
    private final TreeMap<String, RemoteObject> files = new TreeMap<>();
    private final AtomicLong revisions = new AtomicLong();
    private final String name;
    final List<String> reads = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Predicate<String> failReads = p -> false;
    volatile Predicate<String> failWrites = p -> false;
    /** Writes that reach the storage and then report a failure, as a dropped response would. */
    volatile Predicate<String> failAfterWrites = p -> false;
    final Map<String, Integer> listings = new ConcurrentHashMap<>();
    /** Runs after each read, as another device acting at that moment would. */
    volatile java.util.function.Consumer<String> afterRead = p -> { };
    /** Runs after each successful write, as another device acting at that moment would. */
    volatile java.util.function.Consumer<String> afterWrite = p -> { };

    MemoryStorage(String name) {
        this.name = name;
    }

    @Override
    public synchronized List<RemoteEntry> list(String prefix) {
        listings.merge(prefix, 1, Integer::sum);
        return files.values().stream().filter(o -> o.path().startsWith(prefix))
                .map(o -> new RemoteEntry(o.path(), o.bytes().length, o.revision())).toList();
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        reads.add(path);
        if (failReads.test(path)) {
            throw new TransientStorageException("injected read failure of " + path, null);
        }
        RemoteObject o;
        synchronized (this) {
            o = files.get(path);
        }
        if (o != null && o.bytes().length > maxBytes) {
            throw new ObjectTooLargeException(describe(), path, maxBytes, o.bytes().length);
        }
        afterRead.accept(path);
        return Optional.ofNullable(o);
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        if (failWrites.test(path)) {
            throw new TransientStorageException("injected write failure of " + path, null);
        }
        Revision written;
        synchronized (this) {
            RemoteObject current = files.get(path);
            check(path, condition, current);
            written = new Revision("r" + revisions.incrementAndGet());
            files.put(path, new RemoteObject(path, bytes.clone(), written));
            writes.add(path);
        }
        afterWrite.accept(path);
        if (failAfterWrites.test(path)) {
            throw new TransientStorageException("injected failure after the write of " + path + " reached the storage",
                    null);
        }
        return written;
    }

    @Override
    public synchronized void delete(String path, WriteCondition condition) {
        check(path, condition, files.get(path));
        files.remove(path);
    }

    private static void check(String path, WriteCondition condition, RemoteObject current) {
        boolean ok;
        if (condition instanceof WriteCondition.IfMatch m) {
            ok = current != null && current.revision().equals(m.revision());
        } else {
            ok = condition != WriteCondition.ifAbsent() || current == null;
        }
        if (!ok) {
            throw new PreconditionFailedException(path, condition, current == null ? null : current.revision());
        }
    }

    synchronized byte[] bytes(String path) {
        RemoteObject o = files.get(path);
        return o == null ? null : o.bytes();
    }

    synchronized void put(String path, byte[] bytes) {
        files.put(path, new RemoteObject(path, bytes.clone(), new Revision("r" + revisions.incrementAndGet())));
    }

    /** Deletes every file, as an emptied mount point or a wiped bucket would look. */
    synchronized void wipe() {
        files.clear();
    }

    synchronized Set<String> paths() {
        return Set.copyOf(files.keySet());
    }

    void clearRecords() {
        reads.clear();
        writes.clear();
        listings.clear();
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS);
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    @Override
    public void close() {
    }
}
