package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference {@link CloudStorage}: a thread-safe map in memory with atomic conditional writes and
 * counter revisions. It passes the whole kit, and it is the storage to use for engine tests and for
 * wrapping with the {@code fault} package.
 */
public final class InMemoryStorage implements CloudStorage {
    private final ConcurrentSkipListMap<String, RemoteObject> files;
    private final AtomicLong revisions;
    private final String name;

    /** An empty storage named {@code memory:<name>}. */
    public InMemoryStorage(String name) {
        this(new ConcurrentSkipListMap<>(), new AtomicLong(), name);
    }

    private InMemoryStorage(ConcurrentSkipListMap<String, RemoteObject> files, AtomicLong revisions, String name) {
        this.files = files;
        this.revisions = revisions;
        this.name = name;
    }

    /** Another view of the same files, as a second device opening the same remote sees them. */
    public InMemoryStorage sharedView() {
        return new InMemoryStorage(files, revisions, name);
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        List<RemoteEntry> out = new ArrayList<>();
        for (RemoteObject o : files.tailMap(prefix).values()) {
            if (!o.path().startsWith(prefix)) {
                break;
            }
            out.add(new RemoteEntry(o.path(), o.bytes().length, o.revision()));
        }
        return out;
    }

    @Override
    public Optional<RemoteObject> read(String path) {
        check(path);
        return Optional.ofNullable(files.get(path))
                .map(o -> new RemoteObject(o.path(), o.bytes().clone(), o.revision()));
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        check(path);
        // Lock the files, not this view: every view of one remote must be atomic with the others.
        synchronized (files) {
            requireCondition(path, condition);
            Revision revision = new Revision("m" + revisions.incrementAndGet());
            files.put(path, new RemoteObject(path, bytes.clone(), revision));
            return revision;
        }
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        check(path);
        synchronized (files) {
            requireCondition(path, condition);
            files.remove(path);
        }
    }

    private void requireCondition(String path, WriteCondition condition) {
        RemoteObject current = files.get(path);
        boolean holds = condition instanceof WriteCondition.IfMatch m
                ? current != null && current.revision().equals(m.revision())
                : condition != WriteCondition.ifAbsent() || current == null;
        if (!holds) {
            throw new PreconditionFailedException(path, condition, current == null ? null : current.revision());
        }
    }

    private void check(String path) {
        RemotePaths.requireValid(describe(), path);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
