package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A {@link CloudStorage} that passes every call to another; wrappers override what they change. */
public abstract class ForwardingStorage implements CloudStorage {
    /** The wrapped storage. */
    protected final CloudStorage delegate;

    protected ForwardingStorage(CloudStorage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Runs before every call that reaches the remote ({@code list}, {@code read}, {@code readVersions},
     * {@code write}, {@code delete}, {@code removeRootIfEmpty}); does nothing here. A wrapper that only
     * adds a step before each call (a delay, a check that stops it) overrides this alone.
     */
    protected void beforeEachCall() {
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        beforeEachCall();
        return delegate.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        beforeEachCall();
        return delegate.read(path, maxBytes);
    }

    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        beforeEachCall();
        return delegate.readVersions(path, maxBytes);
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        beforeEachCall();
        return delegate.write(path, bytes, condition);
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        beforeEachCall();
        delegate.delete(path, condition);
    }

    /** Forwarded, so that a wrapped storage with real folders still removes them. */
    @Override
    public boolean removeRootIfEmpty() {
        beforeEachCall();
        return delegate.removeRootIfEmpty();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    /** The same description as the wrapped storage, so sync state keyed by it stays valid. */
    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
