package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;

import java.time.Duration;

/** The reference storage passes the storage rules; this is also the README's example subclass. */
class InMemoryStorageVerificationTest extends StorageProviderVerification {
    private final InMemoryRemotes remotes = new InMemoryRemotes();

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.open(root);
    }
}

/** The storage that keeps several versions of a name (Google Drive's model) passes them too, R12 included. */
class VersionedInMemoryStorageVerificationTest extends StorageProviderVerification {
    private final InMemoryRemotes remotes = InMemoryRemotes.versioned(Duration.ofMillis(2));

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.open(root);
    }
}

/** The engine conforms over the reference storage. */
class InMemoryEngineConformanceTest extends EngineConformanceVerification {
    private final InMemoryRemotes remotes = new InMemoryRemotes();

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.open(root);
    }
}

/** The engine conforms over a storage that keeps several versions of a name (Google Drive's model). */
class VersionedInMemoryEngineConformanceTest extends EngineConformanceVerification {
    private final InMemoryRemotes remotes = InMemoryRemotes.versioned(Duration.ofMillis(2));

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.open(root);
    }
}
