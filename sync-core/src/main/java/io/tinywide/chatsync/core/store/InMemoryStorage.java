package io.tinywide.chatsync.core.store;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference {@link CloudStorage}, in memory and thread-safe, with counter revisions. It passes the
 * whole provider kit, and it is the storage for engine tests and for wrapping with the kit's fault
 * wrappers.
 *
 * <p>It comes in two kinds. {@link #InMemoryStorage(String) The plain one} has every capability: one
 * file per path and atomic conditional writes. {@link #versioned(String, Duration) The versioned one}
 * behaves as Google Drive does: several versions of one name, conditional writes that are only checked
 * before they act (so racing writers each leave a version), and no {@link Capability#UNIQUE_PATHS}; see
 * that capability for the rules.
 */
public final class InMemoryStorage implements CloudStorage {
    private final TreeMap<String, List<RemoteObject>> files;
    private final AtomicLong revisions;
    private final String name;
    private final Duration checkToAct;

    /** An empty storage named {@code memory:<name>}, with unique paths and atomic conditional writes. */
    public InMemoryStorage(String name) {
        this(new TreeMap<>(), new AtomicLong(), name, null);
    }

    /**
     * An empty storage named {@code memory:<name>} that keeps several versions of a name, as Google
     * Drive does.
     *
     * @param checkToAct how long a conditional write waits between checking its condition and acting
     *                   on it, as the round trips of a cloud API do; other writers may act meanwhile
     */
    public static InMemoryStorage versioned(String name, Duration checkToAct) {
        return new InMemoryStorage(new TreeMap<>(), new AtomicLong(), name, checkToAct);
    }

    private InMemoryStorage(TreeMap<String, List<RemoteObject>> files, AtomicLong revisions, String name,
                            Duration checkToAct) {
        this.files = files;
        this.revisions = revisions;
        this.name = name;
        this.checkToAct = checkToAct;
    }

    /** Another view of the same files, as a second device opening the same remote sees them. */
    public InMemoryStorage sharedView() {
        return new InMemoryStorage(files, revisions, name, checkToAct);
    }

    private boolean versioned() {
        return checkToAct != null;
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        List<RemoteEntry> out = new ArrayList<>();
        synchronized (files) {
            for (List<RemoteObject> versions : files.tailMap(prefix).values()) {
                if (!versions.get(0).path().startsWith(prefix)) {
                    break;
                }
                versions.forEach(o -> out.add(new RemoteEntry(o.path(), o.bytes().length, o.revision())));
            }
        }
        return out;
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        return readVersions(path, maxBytes).stream().findFirst();
    }

    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        check(path);
        List<RemoteObject> versions;
        synchronized (files) {
            versions = List.copyOf(files.getOrDefault(path, List.of()));
        }
        List<RemoteObject> copies = new ArrayList<>();
        for (RemoteObject o : versions) {
            if (o.bytes().length > maxBytes) {
                throw new ObjectTooLargeException(describe(), path, maxBytes, o.bytes().length);
            }
            copies.add(new RemoteObject(o.path(), o.bytes().clone(), o.revision()));
        }
        return copies;
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        check(path);
        RemoteObject written = new RemoteObject(path, bytes.clone(), new Revision("m" + revisions.incrementAndGet()));
        if (!versioned()) {
            // Lock the files, not this view: every view of one remote must be atomic with the others.
            synchronized (files) {
                requireCondition(path, condition);
                files.put(path, new ArrayList<>(List.of(written)));
            }
            return written.revision();
        }
        List<RemoteObject> replaced;
        synchronized (files) {
            requireCondition(path, condition);
            List<RemoteObject> current = files.getOrDefault(path, List.of());
            replaced = condition instanceof WriteCondition.IfMatch m
                    ? current.stream().filter(o -> o.revision().equals(m.revision())).toList()
                    : List.copyOf(current);
        }
        pause();
        synchronized (files) {
            List<RemoteObject> versions = files.computeIfAbsent(path, p -> new ArrayList<>());
            versions.add(written);
            versions.removeAll(replaced);
        }
        return written.revision();
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        check(path);
        synchronized (files) {
            requireCondition(path, condition);
            List<RemoteObject> versions = files.get(path);
            if (versions != null && condition instanceof WriteCondition.IfMatch m) {
                versions.removeIf(o -> o.revision().equals(m.revision()));
            }
            if (versions != null && (versions.isEmpty() || !(condition instanceof WriteCondition.IfMatch))) {
                files.remove(path);
            }
        }
    }

    private void requireCondition(String path, WriteCondition condition) {
        List<RemoteObject> current = files.getOrDefault(path, List.of());
        boolean holds = condition instanceof WriteCondition.IfMatch m
                ? current.stream().anyMatch(o -> o.revision().equals(m.revision()))
                : condition != WriteCondition.ifAbsent() || current.isEmpty();
        if (!holds) {
            throw new PreconditionFailedException(describe(), path, condition, current.isEmpty() ? null
                    : current.get(current.size() - 1).revision());
        }
    }

    private void pause() {
        try {
            Thread.sleep(checkToAct.toMillis(), checkToAct.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(String path) {
        RemotePaths.requireValid(describe(), path);
    }

    @Override
    public Set<Capability> capabilities() {
        return versioned() ? EnumSet.of(Capability.CONDITIONAL_DELETE, Capability.CONSISTENT_LISTING)
                : EnumSet.allOf(Capability.class);
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
