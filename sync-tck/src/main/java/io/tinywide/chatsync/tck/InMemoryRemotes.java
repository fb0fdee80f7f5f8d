package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.store.InMemoryStorage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * In-memory remotes by root: every {@link #open(String)} of one root is another device's view of
 * the same files, as the verification classes' factory methods require.
 */
public final class InMemoryRemotes {
    private final Map<String, InMemoryStorage> byRoot = new ConcurrentHashMap<>();
    private final Function<String, InMemoryStorage> factory;

    /** Remotes with unique paths and atomic conditional writes. */
    public InMemoryRemotes() {
        this(InMemoryStorage::new);
    }

    private InMemoryRemotes(Function<String, InMemoryStorage> factory) {
        this.factory = factory;
    }

    /**
     * Remotes that keep several versions of a name, as Google Drive does; see
     * {@link InMemoryStorage#versioned(String, Duration)}.
     */
    public static InMemoryRemotes versioned(Duration checkToAct) {
        return new InMemoryRemotes(root -> InMemoryStorage.versioned(root, checkToAct));
    }

    /** A storage on {@code root}, sharing its files with every other storage opened on it. */
    public InMemoryStorage open(String root) {
        return byRoot.computeIfAbsent(root, factory).sharedView();
    }
}
