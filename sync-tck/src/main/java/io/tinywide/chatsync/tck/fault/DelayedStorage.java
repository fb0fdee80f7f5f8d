package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;

import java.time.Duration;

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

    @Override
    protected void beforeEachCall() {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
