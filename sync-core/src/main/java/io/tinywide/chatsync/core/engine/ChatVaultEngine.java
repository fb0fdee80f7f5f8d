package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.engine.PartitionSync.Mode;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncListener.PartitionOutcome;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore.PartitionState;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The sync and restore algorithms behind {@link ChatSyncService} (DESIGN §6).
 *
 * <p>One sync of one remote: unlock the keyring (creating it if absent), list the root once, pick
 * the partitions to visit (changed locally, changed remotely among those this device holds, and the
 * most recent {@code eagerMonths}), visit them in bounded parallel with {@link PartitionSync}, and
 * refresh only the manifests of every other partition. Work is proportional to what changed: an
 * unchanged partition costs nothing beyond its line in the listing.
 *
 * <p>Build one with {@code io.tinywide.chatsync.core.ChatSync.builder()}.
 */
public final class ChatVaultEngine implements ChatSyncService {
    private static final System.Logger LOG = System.getLogger(ChatVaultEngine.class.getName());

    /** The keyring's path under the remote root. */
    public static final String KEYRING_PATH = "keyring.json";

    private final Remotes remotes;
    private final String defaultRemote;
    private final LocalMessageStore local;
    private final SyncStateStore stateStore;
    private final RemoteKeys keys;
    private final EngineSettings settings;
    private final Map<String, ReentrantLock> remoteLocks = new ConcurrentHashMap<>();

    /**
     * @param remotes    the remotes by provider id, in order; the first is the default for restores
     * @param local      the device's message store
     * @param stateStore the device's sync state
     * @param keys       unlocks the remote keyring with the user's passphrase
     * @param settings   tuning
     */
    public ChatVaultEngine(Map<String, CloudStorage> remotes, LocalMessageStore local, SyncStateStore stateStore,
                           VaultKeys keys, EngineSettings settings) {
        this(remotes, local, stateStore, keys, RemoteKeys.inMemory(), settings);
    }

    /**
     * @param remotes    the remotes by provider id, in order; the first is the default for restores
     * @param local      the device's message store
     * @param stateStore the device's sync state
     * @param keys       unlocks the remote keyring with the user's secrets
     * @param deviceKeys what the device keeps of each remote's key: the pin, and the unlocked key
     * @param settings   tuning
     */
    public ChatVaultEngine(Map<String, CloudStorage> remotes, LocalMessageStore local, SyncStateStore stateStore,
                           VaultKeys keys, DeviceKeyStore deviceKeys, EngineSettings settings) {
        this.remotes = new Remotes(remotes);
        this.defaultRemote = this.remotes.first();
        this.local = Objects.requireNonNull(local, "local");
        this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
        this.keys = new RemoteKeys(Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(deviceKeys, "deviceKeys"), stateStore);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public SyncReport syncMessages(String providerId) {
        return syncMessages(providerId, SyncListener.NONE);
    }

    @Override
    public SyncReport syncMessages(String providerId, SyncListener listener) {
        CloudStorage storage = remotes.require(providerId);
        return underLock(storage, () -> sync(storage, listener));
    }

    @Override
    public RestoreReport restoreVaultForDate(LocalDate date) {
        CloudStorage storage = remotes.require(defaultRemote);
        PartitionKey key = PartitionKey.of(date);
        return restore(storage, (format, tally) -> {
            PartitionState known = stateStore.load(storage.describe()).getOrDefault(key, PartitionState.UNKNOWN);
            new PartitionSync(storage, format, local, stateStore, settings, tally, SyncListener.NONE)
                    .visit(key, known, List.of(), Mode.RESTORE);
        });
    }

    @Override
    public RestoreReport restoreConversation(String conversationUrn) {
        Objects.requireNonNull(conversationUrn, "conversationUrn");
        CloudStorage storage = remotes.require(defaultRemote);
        return restore(storage, (format, tally) -> {
            String remoteId = storage.describe();
            RemoteListing listing = new RemoteListing(storage.list(""));
            Map<PartitionKey, PartitionState> known = new TreeMap<>(stateStore.load(remoteId));
            refreshManifests(storage, format, listing, known, listing.partitions().keySet(), tally);

            List<PartitionKey> wanted = new ArrayList<>();
            for (var e : listing.partitions().entrySet()) {
                PartitionKey key = e.getKey();
                RemoteListing.Files files = e.getValue();
                PartitionState state = known.getOrDefault(key, PartitionState.UNKNOWN);
                boolean upToDate = state.held() && files.vaultIsStill(state.vaultRevision());
                // A vault without a usable manifest, or with one older than a generation seen
                // before, may hold the conversation too: fetch it rather than miss a month.
                boolean mayHold = state.cachedManifest()
                        .map(m -> m.holds(conversationUrn) || m.generation() < state.generation())
                        .orElse(true);
                if (files.hasVault() && mayHold && !upToDate) {
                    wanted.add(key);
                }
            }
            PartitionSync worker = new PartitionSync(storage, format, local, stateStore, settings, tally,
                    SyncListener.NONE);
            runAll(wanted, key -> worker.visit(key, known.getOrDefault(key, PartitionState.UNKNOWN),
                    List.of(), Mode.RESTORE), new AtomicBoolean());
        });
    }

    /**
     * Runs a restore under the remote's lock. Restores never write, so a remote that nothing has
     * been synced to (no keyring) restores nothing rather than get a keyring.
     */
    private RestoreReport restore(CloudStorage storage, java.util.function.BiConsumer<VaultFormat, Tally> work) {
        return underLock(storage, () -> {
            Instant start = settings.clock().instant();
            Tally tally = new Tally();
            Optional<VaultFormat> format = keys.existing(storage, true);
            if (format.isPresent()) {
                work.accept(format.get(), tally);
            } else {
                LOG.log(System.Logger.Level.INFO, "nothing to restore: {0} has no keyring yet", storage.describe());
            }
            return restoreReport(tally, start);
        });
    }

    private SyncReport sync(CloudStorage storage, SyncListener listener) {
        Instant start = settings.clock().instant();
        String remoteId = storage.describe();
        List<io.tinywide.chatsync.core.port.out.RemoteEntry> entries = storage.list("");
        List<Revision> listedKeyrings = entries.stream().filter(e -> e.path().equals(KEYRING_PATH))
                .map(io.tinywide.chatsync.core.port.out.RemoteEntry::revision).toList();
        // A keyring that changed since this device last saw it is read and checked against the pin
        // before anything is sealed: never seal with a key it no longer holds, nor adopt a stranger's.
        VaultFormat format = keys.forSync(storage, listedKeyrings);
        RemoteListing listing = new RemoteListing(entries);
        Map<PartitionKey, PartitionState> known = stateStore.load(remoteId);
        SortedMap<PartitionKey, Long> localVersions = local.partitionVersions();

        TreeSet<PartitionKey> visit = new TreeSet<>();
        localVersions.forEach((key, version) -> {
            if (version > known.getOrDefault(key, PartitionState.UNKNOWN).syncedLocalVersion()) {
                visit.add(key);
            }
        });
        known.forEach((key, state) -> {
            if (state.held() && !listing.files(key).vaultIsStill(state.vaultRevision())) {
                visit.add(key);
            }
        });
        for (PartitionKey key : listing.mostRecentVaults(settings.eagerMonths())) {
            if (!known.getOrDefault(key, PartitionState.UNKNOWN).held()) {
                visit.add(key);
            }
        }
        TreeSet<PartitionKey> manifestsOnly = new TreeSet<>(listing.partitions().keySet());
        manifestsOnly.removeAll(visit);

        listener.started(remoteId, visit.size());
        Tally tally = new Tally();
        refreshManifests(storage, format, listing, new TreeMap<>(known), manifestsOnly, tally);

        AtomicBoolean cancelled = new AtomicBoolean();
        PartitionSync worker = new PartitionSync(storage, format, local, stateStore, settings, tally, listener);
        // Newest months first: they are what a user looks at, so they are ready soonest.
        runAll(new ArrayList<>(visit.descendingSet()), key -> {
            if (listener.isCancelled()) {
                cancelled.set(true);
                listener.partitionDone(key, PartitionOutcome.SKIPPED);
                return PartitionOutcome.SKIPPED;
            }
            return worker.visit(key, known.getOrDefault(key, PartitionState.UNKNOWN),
                    listing.files(key).manifests(), Mode.SYNC);
        }, cancelled);

        Duration took = Duration.between(start, settings.clock().instant());
        SyncReport report = new SyncReport(remoteId, tally.visited.get(), tally.uploaded.get(),
                tally.downloaded.get(), tally.messagesDown.get(), tally.tombstonesDown.get(), tally.messagesUp.get(),
                tally.tombstonesUp.get(), tally.conflicts.get(), tally.bytesUp.get(), tally.bytesDown.get(),
                tally.sortedFailures(), List.copyOf(tally.warnings), cancelled.get(), took);
        LOG.log(System.Logger.Level.INFO, "synced {0}: {1} visited, {2} uploaded, {3} downloaded, {4} failed in {5} ms",
                remoteId, report.partitionsVisited(), report.partitionsUploaded(), report.partitionsDownloaded(),
                report.failures().size(), took.toMillis());
        return report;
    }

    /**
     * Reads the manifests whose revision changed since they were cached. Manifests are small and
     * carry no content, so this is how a device learns about months it does not hold.
     */
    private void refreshManifests(CloudStorage storage, VaultFormat format, RemoteListing listing,
                                  Map<PartitionKey, PartitionState> known, Iterable<PartitionKey> keys, Tally tally) {
        List<PartitionKey> stale = new ArrayList<>();
        for (PartitionKey key : keys) {
            RemoteListing.Files files = listing.files(key);
            PartitionState state = known.getOrDefault(key, PartitionState.UNKNOWN);
            if (!files.manifests().isEmpty() && !(files.manifestIs(state.manifestRevision()) && state.manifest() != null)) {
                stale.add(key);
            }
        }
        String remoteId = storage.describe();
        PartitionSync reader = new PartitionSync(storage, format, local, stateStore, settings, tally,
                SyncListener.NONE);
        runAll(stale, key -> {
            String path = key.manifestPath();
            try {
                Optional<PartitionSync.Manifest> read = reader.newestManifest(key);
                if (read.isEmpty()) {
                    return PartitionOutcome.UNCHANGED;
                }
                VaultManifest manifest = read.get().manifest();
                synchronized (known) {
                    PartitionState old = known.getOrDefault(key, PartitionState.UNKNOWN);
                    if (manifest.generation() < old.generation()) {
                        tally.warnings.add("the manifest of " + key + " on " + remoteId + " is at generation "
                                + manifest.generation() + ", lower than " + old.generation()
                                + " seen before: an older copy was restored or rolled back");
                    }
                    PartitionState updated = new PartitionState(old.vaultRevision(), read.get().revision(),
                            Math.max(old.generation(), manifest.generation()), old.syncedLocalVersion(), old.held(),
                            manifest);
                    known.put(key, updated);
                    stateStore.save(remoteId, key, updated);
                }
                return PartitionOutcome.UNCHANGED;
            } catch (FileFormatException | StorageException e) {
                String reason = "the manifest " + path + " on " + remoteId + " could not be read: " + e.getMessage()
                        + ". It was left untouched; months it describes may be missing from lazy restores";
                tally.failures.add(new PartitionFailure(key, reason, e));
                return PartitionOutcome.FAILED;
            }
        }, new AtomicBoolean());
    }

    /**
     * How many months the heap holds at once: a worker has a month in memory two or three times over
     * (the local copy, the remote one as it is decoded, the merge), some 40 MiB for a month of 17,000
     * messages, and the heap needs room beside them to collect. A small heap ({@code -Xmx128m}) gets
     * two workers (with three, an incremental sync of a million messages left 121 of its 128 MiB live
     * after collections), a desktop's default all of them.
     */
    static int workersTheHeapHolds() {
        return (int) Math.max(1, Runtime.getRuntime().maxMemory() / (64L << 20));
    }

    /** Runs one task per partition on at most {@code parallelism} threads and waits for all. */
    private void runAll(List<PartitionKey> keys, Function<PartitionKey, PartitionOutcome> task,
                        AtomicBoolean cancelled) {
        if (keys.isEmpty()) {
            return;
        }
        int threads = Math.min(Math.min(settings.parallelism(), keys.size()), workersTheHeapHolds());
        if (threads == 1) {
            keys.forEach(task::apply);
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chatsync-partition-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PartitionOutcome>> futures = new ArrayList<>();
            for (PartitionKey key : keys) {
                futures.add(pool.submit(() -> task.apply(key)));
            }
            for (Future<PartitionOutcome> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        } catch (ExecutionException e) {
            // Tasks record their own failures; anything else here is a bug worth surfacing.
            throw new IllegalStateException("partition task failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }


    private <T> T underLock(CloudStorage storage, java.util.function.Supplier<T> work) {
        ReentrantLock lock = remoteLocks.computeIfAbsent(storage.describe(), k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private RestoreReport restoreReport(Tally tally, Instant start) {
        return new RestoreReport(tally.sortedFetched(), tally.messagesDown.get(), tally.tombstonesDown.get(),
                tally.manifestsRead.get(), tally.bytesDown.get(), tally.sortedFailures(),
                Duration.between(start, settings.clock().instant()));
    }
}
