package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A storage whose every call (list, read, write, delete) waits first, as a request over a network
 * does: racing devices interleave their steps, and a benchmark on a local folder feels a cloud's
 * latency. Calls from several threads wait in parallel, as concurrent requests do.
 */
public final class DelayedStorage extends ForwardingStorage {
    private final long millis;

    /** @param delay how long each call waits before it is passed on */
    public DelayedStorage(CloudStorage delegate, Duration delay) {
        super(delegate);
        this.millis = delay.toMillis();
    }

    private void pause() {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        pause();
        return super.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        pause();
        return super.read(path, maxBytes);
    }

    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        pause();
        return super.readVersions(path, maxBytes);
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        pause();
        return super.write(path, bytes, condition);
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        pause();
        super.delete(path, condition);
    }
}
