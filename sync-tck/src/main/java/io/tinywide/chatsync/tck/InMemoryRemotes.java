package io.tinywide.chatsync.tck;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory remotes by root: every {@link #open(String)} of one root is another device's view of
 * the same files, as the verification classes' factory methods require.
 */
public final class InMemoryRemotes {
    private final Map<String, InMemoryStorage> byRoot = new ConcurrentHashMap<>();

    /** A storage on {@code root}, sharing its files with every other storage opened on it. */
    public InMemoryStorage open(String root) {
        return byRoot.computeIfAbsent(root, InMemoryStorage::new).sharedView();
    }
}
