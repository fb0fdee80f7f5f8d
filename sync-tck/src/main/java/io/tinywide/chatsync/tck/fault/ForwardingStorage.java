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

    @Override
    public List<RemoteEntry> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        return delegate.read(path, maxBytes);
    }

    @Override
    public List<RemoteObject> readVersions(String path, long maxBytes) {
        return delegate.readVersions(path, maxBytes);
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        return delegate.write(path, bytes, condition);
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        delegate.delete(path, condition);
    }

    /** Forwarded, so that a wrapped storage with real folders still removes them. */
    @Override
    public boolean removeRootIfEmpty() {
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
