package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A storage that counts calls and bytes, and records which paths were read and written. */
public final class CountingStorage extends ForwardingStorage {
    /**
     * Counts at one moment.
     *
     * @param lists        calls to list
     * @param reads        calls to read
     * @param writes       successful writes
     * @param deletes      successful deletes
     * @param bytesRead    bytes returned by reads
     * @param bytesWritten bytes of successful writes
     */
    public record Counts(long lists, long reads, long writes, long deletes, long bytesRead, long bytesWritten) { }

    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final List<String> readPaths = Collections.synchronizedList(new ArrayList<>());
    private final List<String> writtenPaths = Collections.synchronizedList(new ArrayList<>());

    public CountingStorage(CloudStorage delegate) {
        super(delegate);
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        lists.incrementAndGet();
        return super.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        reads.incrementAndGet();
        readPaths.add(path);
        Optional<RemoteObject> o = super.read(path, maxBytes);
        o.ifPresent(r -> bytesRead.addAndGet(r.bytes().length));
        return o;
    }

    /** Counts as one read of the path, and the bytes of every version. */
    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        reads.incrementAndGet();
        readPaths.add(path);
        List<RemoteObject> versions = super.readVersions(path, maxBytes);
        versions.forEach(r -> bytesRead.addAndGet(r.bytes().length));
        return versions;
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        Revision r = super.write(path, bytes, condition);
        writes.incrementAndGet();
        bytesWritten.addAndGet(bytes.length);
        writtenPaths.add(path);
        return r;
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        super.delete(path, condition);
        deletes.incrementAndGet();
    }

    public Counts counts() {
        return new Counts(lists.get(), reads.get(), writes.get(), deletes.get(), bytesRead.get(), bytesWritten.get());
    }

    /** Paths read since the last reset, in order. */
    public List<String> readPaths() {
        synchronized (readPaths) {
            return List.copyOf(readPaths);
        }
    }

    /** Paths written since the last reset, in order. */
    public List<String> writtenPaths() {
        synchronized (writtenPaths) {
            return List.copyOf(writtenPaths);
        }
    }

    /** Starts counting from zero. */
    public void reset() {
        for (AtomicLong a : List.of(lists, reads, writes, deletes, bytesRead, bytesWritten)) {
            a.set(0);
        }
        readPaths.clear();
        writtenPaths.clear();
    }
}
