package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryStorage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The engine's own tests' storage: {@link InMemoryStorage} (the one in-memory storage) with scripted
 * failures, hooks that act as another device would at a given moment, and records of the calls. Core's
 * tests cannot use the kit's wrappers (sync-tck depends on sync-core), so the few they need are here.
 */
final class MemoryStorage implements CloudStorage {
    private final InMemoryStorage files;
    final List<String> reads = Collections.synchronizedList(new ArrayList<>());
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    volatile Predicate<String> failReads = p -> false;
    volatile Predicate<String> failWrites = p -> false;
    /** Writes that reach the storage and then report a failure, as a dropped response would. */
    volatile Predicate<String> failAfterWrites = p -> false;
    final Map<String, Integer> listings = new ConcurrentHashMap<>();
    /** Runs after each read, as another device acting at that moment would. */
    volatile Consumer<String> afterRead = p -> { };
    /** Runs after each successful write, as another device acting at that moment would. */
    volatile Consumer<String> afterWrite = p -> { };

    MemoryStorage(String name) {
        this.files = new InMemoryStorage(name);
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        listings.merge(prefix, 1, Integer::sum);
        return files.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        reads.add(path);
        if (failReads.test(path)) {
            throw new TransientStorageException("injected read failure of " + path, null);
        }
        Optional<RemoteObject> o = files.read(path, maxBytes);
        afterRead.accept(path);
        return o;
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        if (failWrites.test(path)) {
            throw new TransientStorageException("injected write failure of " + path, null);
        }
        Revision written = files.write(path, bytes, condition);
        writes.add(path);
        afterWrite.accept(path);
        if (failAfterWrites.test(path)) {
            throw new TransientStorageException("injected failure after the write of " + path + " reached the storage",
                    null);
        }
        return written;
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        files.delete(path, condition);
    }

    /** The bytes at a path, or null; not recorded as a read. */
    byte[] bytes(String path) {
        return files.read(path).map(RemoteObject::bytes).orElse(null);
    }

    /** Puts a file there, as another program would; not recorded as a write. */
    void put(String path, byte[] bytes) {
        files.write(path, bytes, WriteCondition.unconditional());
    }

    /** Deletes every file, as an emptied mount point or a wiped bucket would look. */
    void wipe() {
        files.list("").forEach(e -> files.delete(e.path(), WriteCondition.unconditional()));
    }

    Set<String> paths() {
        return files.list("").stream().map(RemoteEntry::path).collect(Collectors.toUnmodifiableSet());
    }

    void clearRecords() {
        reads.clear();
        writes.clear();
        listings.clear();
    }

    /** Atomic, with unique paths; what the engine's tests were written against. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS);
    }

    @Override
    public String describe() {
        return files.describe();
    }

    @Override
    public void close() {
        files.close();
    }
}
