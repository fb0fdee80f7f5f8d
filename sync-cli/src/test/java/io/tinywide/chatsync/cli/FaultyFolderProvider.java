package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local folder ({@code faulty-file:/abs/dir}) whose vault writes fail from a chosen one on, as a
 * connection that drops half-way through a long command would: for the key rotation's tests.
 * Registered for the tests' class path only.
 */
public final class FaultyFolderProvider implements StorageProvider {
    /** Vault writes that still succeed; negative for all. */
    static final AtomicInteger VAULT_WRITES_LEFT = new AtomicInteger(-1);

    @Override
    public String id() {
        return "faulty-file";
    }

    @Override
    public String displayName() {
        return "a local folder whose vault writes fail on cue (tests only)";
    }

    @Override
    public Set<Capability> capabilities() {
        return new LocalFsProvider().capabilities();
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        CloudStorage folder = new LocalFsProvider().open(config);
        return new CloudStorage() {
            @Override
            public List<RemoteEntry> list(String prefix) {
                return folder.list(prefix);
            }

            @Override
            public Optional<RemoteObject> read(String path, long maxBytes) {
                return folder.read(path, maxBytes);
            }

            @Override
            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                if (path.contains("chat_vault") && VAULT_WRITES_LEFT.getAndDecrement() == 0) {
                    VAULT_WRITES_LEFT.set(0);
                    throw new TransientStorageException("injected: the connection dropped writing " + path, null);
                }
                return folder.write(path, bytes, condition);
            }

            @Override
            public void delete(String path, WriteCondition condition) {
                folder.delete(path, condition);
            }

            @Override
            public Set<Capability> capabilities() {
                return folder.capabilities();
            }

            @Override
            public String describe() {
                return folder.describe();
            }

            @Override
            public void close() {
                folder.close();
            }
        };
    }
}
