package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;

import java.util.List;
import java.util.Optional;

/**
 * Deliberately broken storages and their verifications, run by {@link KitCatchesBrokenProvidersTest}
 * through the JUnit Platform. This file's name keeps Surefire from running them on their own.
 */
final class BrokenProviders {
    /** Shared by root, so each broken storage differs from a healthy one only in its defect. */
    private static final InMemoryRemotes REMOTES = new InMemoryRemotes();

    private BrokenProviders() {
    }

    /** Treats every failed read as "no file": the most dangerous bug a provider can have. */
    static final class FailedReadIsAbsent extends ForwardingStorage {
        FailedReadIsAbsent(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            try {
                return super.read(path, maxBytes);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Ignores the write condition: last writer always wins. */
    static final class IgnoresConditions extends ForwardingStorage {
        IgnoresConditions(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            return super.write(path, bytes, WriteCondition.unconditional());
        }
    }

    /** Returns only the first page of a paged listing. */
    static final class DropsSecondPage extends ForwardingStorage {
        DropsSecondPage(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            List<RemoteEntry> all = super.list(prefix);
            return all.subList(0, Math.min(all.size(), 100));
        }
    }

    /** A storage that cannot be reached at all: every call fails. */
    static CloudStorage unreachable() {
        return new ForwardingStorage(new InMemoryStorage("unreachable")) {
            @Override
            public Optional<RemoteObject> read(String path, long maxBytes) {
                throw new TransientStorageException("connection refused", null);
            }

            @Override
            public List<RemoteEntry> list(String prefix) {
                throw new TransientStorageException("connection refused", null);
            }

            @Override
            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                throw new TransientStorageException("connection refused", null);
            }
        };
    }

    static class FailedReadIsAbsentVerification extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return new FailedReadIsAbsent(REMOTES.open(root));
        }

        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            return Optional.of(new FailedReadIsAbsent(unreachable()));
        }
    }

    static class IgnoresConditionsVerification extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return new IgnoresConditions(REMOTES.open(root));
        }
    }

    static class DropsSecondPageVerification extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return new DropsSecondPage(REMOTES.open(root));
        }
    }

    static class HealthyWithUnreachableVerification extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return REMOTES.open(root);
        }

        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            return Optional.of(unreachable());
        }
    }

}
