package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.port.out.CloudStorage;

import java.util.LinkedHashMap;
import java.util.Map;

/** The remotes of a service by provider id, in the order configured: the first is the default for restores. */
final class Remotes {
    private final Map<String, CloudStorage> byId;

    /** @throws IllegalArgumentException if there is none */
    Remotes(Map<String, CloudStorage> remotes) {
        if (remotes.isEmpty()) {
            throw new IllegalArgumentException("at least one remote is needed");
        }
        this.byId = new LinkedHashMap<>(remotes);
    }

    /**
     * The remote of that provider.
     *
     * @throws IllegalArgumentException naming the providers that have one
     */
    CloudStorage require(String providerId) {
        CloudStorage storage = byId.get(providerId);
        if (storage == null) {
            throw new IllegalArgumentException("no remote configured for provider '" + providerId
                    + "'; configured: " + byId.keySet());
        }
        return storage;
    }

    /** The provider id of the first remote. */
    String first() {
        return byId.keySet().iterator().next();
    }
}
