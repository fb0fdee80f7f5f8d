package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;

import java.util.List;
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

    private final class Probe extends ForwardingStorage {
        volatile boolean closed;

        Probe(CloudStorage real) {
            super(real);
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
            List<RemoteEntry> entries = super.list(prefix);
            events.add("listed");
            return entries;
        }

        @Override
        public void close() {
            closed = true;
            events.add("closed");
            super.close();
        }
    }
}
