package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The reference storage passes the storage rules; this is also the README's example subclass. */
class InMemoryStorageVerificationTest extends StorageProviderVerification {
    @Override
    protected CloudStorage createStorage(String root) {
        return new InMemoryStorage(root);
    }
}

/** The engine conforms over the reference storage. */
class InMemoryEngineConformanceTest extends EngineConformanceVerification {
    private final Map<String, InMemoryStorage> remotes = new ConcurrentHashMap<>();

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.computeIfAbsent(root, InMemoryStorage::new).sharedView();
    }
}
