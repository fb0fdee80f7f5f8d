package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A storage whose listings lag behind its writes and deletes, as some object stores' and sync
 * folders' do: for the next {@code lag} listings after a change, a listing still shows the path as it
 * was before (absent, or its old entries: every version of it, on a storage without unique paths). Reads
 * stay consistent, as the contract requires.
 */
public final class EventuallyConsistentStorage extends ForwardingStorage {
    private record Pending(List<RemoteEntry> before, int[] listingsLeft) { }

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
        List<RemoteEntry> before = entries(path);
        Revision r = super.write(path, bytes, condition);
        remember(path, before);
        return r;
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        List<RemoteEntry> before = entries(path);
        super.delete(path, condition);
        remember(path, before);
    }

    @Override
    public synchronized List<RemoteEntry> list(String prefix) {
        // By path, every entry kept: a name may hold several versions, each listed on its own.
        Map<String, List<RemoteEntry>> view = new LinkedHashMap<>();
        super.list(prefix).forEach(e -> view.computeIfAbsent(e.path(), p -> new ArrayList<>()).add(e));
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().listingsLeft()[0]-- <= 0) {
                it.remove();
                continue;
            }
            if (e.getKey().startsWith(prefix)) {
                view.remove(e.getKey());
                if (!e.getValue().before().isEmpty()) {
                    view.put(e.getKey(), e.getValue().before());
                }
            }
        }
        return view.values().stream().flatMap(List::stream).toList();
    }

    private synchronized void remember(String path, List<RemoteEntry> before) {
        // Keep the oldest state: a listing that lags shows what was there before the first change.
        pending.putIfAbsent(path, new Pending(before, new int[] {lag}));
    }

    private List<RemoteEntry> entries(String path) {
        return super.list(path).stream().filter(e -> e.path().equals(path)).toList();
    }
}
