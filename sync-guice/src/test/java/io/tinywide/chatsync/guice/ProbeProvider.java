package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider an application binds itself, as a MapBinder entry: a real local folder underneath,
 * and a record of what happened to each storage it opened (closed or not, in which order), with a
 * gate that can hold a listing until the test opens it.
 */
final class ProbeProvider implements StorageProvider {
    static final String ID = "probe";

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<CloudStorage> opened = new CopyOnWriteArrayList<>();
    final CountDownLatch listingEntered = new CountDownLatch(1);
    volatile CountDownLatch listingGate = new CountDownLatch(0);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "a local folder, watched";
    }

    @Override
    public Set<Capability> capabilities() {
        return new LocalFsProvider().capabilities();
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        CloudStorage storage = new Probe(new LocalFsProvider().open(config));
        opened.add(storage);
        events.add("opened");
        return storage;
    }

    boolean allClosed() {
        return !opened.isEmpty() && opened.stream().allMatch(s -> ((Probe) s).closed);
    }

    private final class Probe implements CloudStorage {
        private final CloudStorage real;
        volatile boolean closed;

        Probe(CloudStorage real) {
            this.real = real;
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            listingEntered.countDown();
            try {
                if (!listingGate.await(2, TimeUnit.MINUTES)) {
                    throw new AssertionError("the test never opened the listing gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            List<RemoteEntry> entries = real.list(prefix);
            events.add("listed");
            return entries;
        }

        @Override
        public Optional<RemoteObject> read(String path) {
            return real.read(path);
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            return real.write(path, bytes, condition);
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            real.delete(path, condition);
        }

        @Override
        public Set<Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public String describe() {
            return ID + ":" + real.describe();
        }

        @Override
        public void close() {
            closed = true;
            events.add("closed");
            real.close();
        }
    }
}
