package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A storage whose listings lag behind its writes and deletes, as some object stores' and sync
 * folders' do: for the next {@code lag} listings after a change, a listing still shows the path as it
 * was before (absent, or its old entry). Reads stay consistent, as the contract requires.
 */
public final class EventuallyConsistentStorage extends ForwardingStorage {
    private record Pending(Optional<RemoteEntry> before, int[] listingsLeft) { }

    private final int lag;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /**
     * @param lag how many listings after a change still show the old state
     */
    public EventuallyConsistentStorage(CloudStorage delegate, int lag) {
        super(delegate);
        this.lag = lag;
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        Optional<RemoteEntry> before = entry(path);
        Revision r = super.write(path, bytes, condition);
        remember(path, before);
        return r;
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        Optional<RemoteEntry> before = entry(path);
        super.delete(path, condition);
        remember(path, before);
    }

    @Override
    public synchronized List<RemoteEntry> list(String prefix) {
        Map<String, RemoteEntry> view = new HashMap<>();
        super.list(prefix).forEach(e -> view.put(e.path(), e));
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().listingsLeft()[0]-- <= 0) {
                it.remove();
                continue;
            }
            if (e.getKey().startsWith(prefix)) {
                view.remove(e.getKey());
                e.getValue().before().ifPresent(old -> view.put(old.path(), old));
            }
        }
        return new ArrayList<>(view.values());
    }

    private synchronized void remember(String path, Optional<RemoteEntry> before) {
        // Keep the oldest state: a listing that lags shows what was there before the first change.
        pending.putIfAbsent(path, new Pending(before, new int[] {lag}));
    }

    private Optional<RemoteEntry> entry(String path) {
        return super.list(path).stream().filter(e -> e.path().equals(path)).findFirst();
    }
}
