package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncListener.PartitionOutcome;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore.LocalPartition;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore.PartitionState;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultFormat.OpenedVault;
import io.tinywide.chatsync.core.port.out.VaultFormat.SealedVault;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The work on one partition of one remote during a sync or a restore: read the remote vault,
 * merge it with the local one, apply what is new locally, and (in a sync) write the merge back
 * if the remote lacks anything, under the write condition of what was read.
 *
 * <p>The order of steps is what makes a crash harmless: the local store only ever gains merged
 * data; the vault is written before its manifest; and the sync state (which says "the remote holds
 * local version N") is saved only after the vault write succeeded. A crash between any two steps
 * leaves the partition looking changed or unseen, so the next sync simply does it again.
 */
final class PartitionSync {
    private static final System.Logger LOG = System.getLogger(PartitionSync.class.getName());
    private static final int MANIFEST_WRITE_ATTEMPTS = 4;

    /** A sync reads and writes; a restore only reads remotely and never writes. */
    enum Mode { SYNC, RESTORE }

    private final CloudStorage storage;
    private final String remote;
    private final VaultFormat format;
    private final LocalMessageStore local;
    private final SyncStateStore stateStore;
    private final EngineSettings settings;
    private final Tally tally;
    private final SyncListener listener;

    PartitionSync(CloudStorage storage, VaultFormat format, LocalMessageStore local, SyncStateStore stateStore,
                  EngineSettings settings, Tally tally, SyncListener listener) {
        this.storage = storage;
        this.remote = storage.describe();
        this.format = format;
        this.local = local;
        this.stateStore = stateStore;
        this.settings = settings;
        this.tally = tally;
        this.listener = listener;
    }

    /**
     * Visits one partition. Never throws: a failure is recorded in the tally and reported to the
     * listener, and nothing of the partition is written remotely after it.
     *
     * @param known            what this device remembered of the partition
     * @param listedManifest   the manifest revision the listing showed; {@code null} if none
     */
    PartitionOutcome visit(PartitionKey key, PartitionState known, Revision listedManifest, Mode mode) {
        PartitionOutcome outcome;
        try {
            outcome = visitWithRetries(key, known, listedManifest, mode);
        } catch (FileFormatException e) {
            outcome = fail(key, "remote file " + e.path() + " on " + remote + " cannot be used ("
                    + e.problem() + "): " + e.getMessage() + ". It was left untouched; run `chatsync verify` and "
                    + "restore the file from another device or a backup", e);
        } catch (VaultDataException e) {
            outcome = fail(key, "partition " + key + " holds conflicting data: " + e.getMessage()
                    + ". Nothing was written; fix the message ids at their source", e);
        } catch (StorageException e) {
            outcome = fail(key, "storage " + remote + " failed on partition " + key + ": " + e.getMessage()
                    + (e.isRetryable() ? "; sync again later" : ""), e);
        } catch (ConflictsExhausted e) {
            outcome = fail(key, e.getMessage(), e);
        } catch (RuntimeException e) {
            outcome = fail(key, "unexpected error on partition " + key + " of " + remote + ": " + e, e);
        }
        listener.partitionDone(key, outcome);
        return outcome;
    }

    private PartitionOutcome visitWithRetries(PartitionKey key, PartitionState known, Revision listedManifest,
                                              Mode mode) {
        for (int attempt = 0; ; attempt++) {
            Optional<PartitionOutcome> done = attempt(key, known, listedManifest, mode);
            if (done.isPresent()) {
                return done.get();
            }
            tally.conflicts.incrementAndGet();
            if (attempt >= settings.maxConflictRetries()) {
                throw new ConflictsExhausted("partition " + key + " on " + remote + " kept changing under this device ("
                        + (attempt + 1) + " conflicting writes); another device is syncing it now. Sync again");
            }
            pause(attempt);
        }
    }

    /** One read-merge-write round; empty when the conditional write lost to another device. */
    private Optional<PartitionOutcome> attempt(PartitionKey key, PartitionState known, Revision listedManifest,
                                               Mode mode) {
        LocalPartition before = local.load(key);
        String vaultPath = key.vaultPath();
        Optional<RemoteObject> read = storage.read(vaultPath);
        ChatVault remoteVault = ChatVault.empty(key);
        long remoteGeneration = 0;
        Revision remoteRevision = null;
        String remoteDigest = null;
        if (read.isPresent()) {
            tally.bytesDown.addAndGet(read.get().bytes().length);
            OpenedVault opened = format.openVault(vaultPath, key, read.get().bytes());
            remoteVault = opened.vault();
            remoteGeneration = opened.generation();
            remoteDigest = opened.digest();
            remoteRevision = read.get().revision();
            if (remoteGeneration < known.generation()) {
                warn("partition " + key + " on " + remote + " is at generation " + remoteGeneration
                        + ", lower than generation " + known.generation() + " seen before: an older copy was restored "
                        + "or rolled back. It was merged; nothing it lacks was deleted");
            }
        } else if (known.vaultRevision() != null) {
            if (mode == Mode.RESTORE) {
                return Optional.of(PartitionOutcome.UNCHANGED);
            }
            warn("the vault of " + key + " disappeared from " + remote + "; uploading this device's copy");
        } else if (mode == Mode.RESTORE) {
            return Optional.of(PartitionOutcome.UNCHANGED);
        }

        ChatVault merged = VaultMerge.merge(before.vault(), remoteVault);
        VaultDelta down = VaultMerge.diff(before.vault(), merged);
        LocalMessageStore.Applied applied = null;
        if (!down.isEmpty()) {
            applied = local.apply(down);
            tally.messagesDown.addAndGet(down.upserts().size());
            tally.tombstonesDown.addAndGet(down.tombstones().size());
        }
        boolean remoteLacksSomething = !merged.equals(remoteVault);

        Revision vaultRevision = remoteRevision;
        long generation = Math.max(remoteGeneration, known.generation());
        VaultManifest manifest = known.manifest();
        Revision manifestRevision = known.manifestRevision();
        boolean uploaded = false;
        if (remoteLacksSomething && mode == Mode.SYNC) {
            generation = generation + 1;
            SealedVault sealed = format.sealVault(merged, generation);
            WriteCondition condition = remoteRevision == null
                    ? WriteCondition.ifAbsent() : WriteCondition.ifMatch(remoteRevision);
            try {
                vaultRevision = storage.write(vaultPath, sealed.bytes(), condition);
            } catch (PreconditionFailedException lost) {
                LOG.log(System.Logger.Level.DEBUG, "lost the write of {0} on {1}; re-reading", vaultPath, remote);
                return Optional.empty();
            }
            tally.bytesUp.addAndGet(sealed.bytes().length);
            VaultDelta up = VaultMerge.diff(remoteVault, merged);
            tally.messagesUp.addAndGet(up.upserts().size());
            tally.tombstonesUp.addAndGet(up.tombstones().size());
            manifest = VaultManifest.of(merged, generation, sealed.digest());
            manifestRevision = writeManifest(key, manifest, listedManifest);
            uploaded = true;
        } else if (read.isPresent() && mode == Mode.SYNC) {
            ManifestCheck check = ensureManifest(key, known, listedManifest, remoteVault, remoteGeneration,
                    remoteDigest);
            manifest = check.manifest();
            manifestRevision = check.revision();
        }

        if (remoteLacksSomething && !uploaded) {
            // A restore that found the remote missing some of this device's data (a rolled-back
            // copy, a lost update) must not record that revision as seen: the next sync then visits
            // the month and writes the missing data back.
            vaultRevision = null;
        }
        long synced = known.syncedLocalVersion();
        if (!remoteLacksSomething || uploaded) {
            // The remote now holds everything of the local snapshot, and of the apply if no local
            // change slipped in between the load and the apply.
            synced = applied != null && applied.versionBefore() == before.version()
                    ? applied.versionAfter() : before.version();
        }
        stateStore.save(remote, key, new PartitionState(vaultRevision, manifestRevision, generation, synced, true,
                manifest));

        if (!down.isEmpty() || mode == Mode.RESTORE) {
            tally.fetched.add(key);
        }
        if (!down.isEmpty()) {
            tally.downloaded.incrementAndGet();
        }
        if (uploaded) {
            tally.uploaded.incrementAndGet();
        }
        tally.visited.incrementAndGet();
        return Optional.of(uploaded
                ? (down.isEmpty() ? PartitionOutcome.UPLOADED : PartitionOutcome.UPLOADED_AND_DOWNLOADED)
                : (down.isEmpty() ? PartitionOutcome.UNCHANGED : PartitionOutcome.DOWNLOADED));
    }

    /**
     * Writes a manifest after its vault. Another device may have written a newer one meanwhile;
     * then theirs stays, since it describes a newer vault.
     */
    private Revision writeManifest(PartitionKey key, VaultManifest manifest, Revision listed) {
        String path = key.manifestPath();
        WriteCondition condition = listed == null ? WriteCondition.ifAbsent() : WriteCondition.ifMatch(listed);
        for (int attempt = 0; attempt < MANIFEST_WRITE_ATTEMPTS; attempt++) {
            try {
                byte[] bytes = format.sealManifest(manifest);
                Revision revision = storage.write(path, bytes, condition);
                tally.bytesUp.addAndGet(bytes.length);
                return revision;
            } catch (PreconditionFailedException conflict) {
                Optional<RemoteObject> current = storage.read(path);
                if (current.isEmpty()) {
                    condition = WriteCondition.ifAbsent();
                    continue;
                }
                tally.bytesDown.addAndGet(current.get().bytes().length);
                VaultManifest theirs = format.openManifest(path, key, current.get().bytes());
                if (theirs.generation() >= manifest.generation()) {
                    return current.get().revision();
                }
                condition = WriteCondition.ifMatch(current.get().revision());
            }
        }
        throw new ConflictsExhausted("the manifest of " + key + " on " + remote + " kept changing while this device "
                + "wrote it; its vault is saved. Sync again to finish");
    }

    private record ManifestCheck(VaultManifest manifest, Revision revision) { }

    /**
     * Makes sure the manifest describes the vault as it is remotely, repairing it when a crash
     * or a lost race left it missing or stale. An unreadable manifest is reported and left as it is:
     * it may have been written by a newer chatsync.
     */
    private ManifestCheck ensureManifest(PartitionKey key, PartitionState known, Revision listed, ChatVault vault,
                                         long generation, String digest) {
        if (listed != null && listed.equals(known.manifestRevision()) && describes(known.manifest(), generation,
                digest)) {
            return new ManifestCheck(known.manifest(), listed);
        }
        String path = key.manifestPath();
        Optional<RemoteObject> current = storage.read(path);
        if (current.isPresent()) {
            tally.bytesDown.addAndGet(current.get().bytes().length);
            tally.manifestsRead.incrementAndGet();
            VaultManifest theirs;
            try {
                theirs = format.openManifest(path, key, current.get().bytes());
            } catch (FileFormatException e) {
                warn("the manifest " + path + " on " + remote + " cannot be used (" + e.problem()
                        + "); it was left untouched, so lazy restores may miss this month: " + e.getMessage());
                return new ManifestCheck(known.manifest(), known.manifestRevision());
            }
            if (describes(theirs, generation, digest)) {
                return new ManifestCheck(theirs, current.get().revision());
            }
        }
        VaultManifest repaired = VaultManifest.of(vault, generation, digest);
        Revision written = writeManifest(key, repaired, current.map(RemoteObject::revision).orElse(null));
        return new ManifestCheck(repaired, written);
    }

    private static boolean describes(VaultManifest manifest, long generation, String digest) {
        return manifest != null && manifest.generation() == generation
                && Objects.equals(manifest.vaultDigest(), digest);
    }

    private PartitionOutcome fail(PartitionKey key, String reason, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, reason, cause);
        tally.failures.add(new PartitionFailure(key, reason, cause));
        return PartitionOutcome.FAILED;
    }

    private void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
        tally.warnings.add(message);
        listener.warning(message);
    }

    /** Exponential back-off with full jitter, so racing devices do not retry in lock step. */
    private void pause(int attempt) {
        long base = settings.conflictBackoff().toMillis() << Math.min(attempt, 6);
        long millis = ThreadLocalRandom.current().nextLong(base / 2, base + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictsExhausted("interrupted while waiting to retry partition; sync again");
        }
    }

    /** Too many lost races on one partition, or an interrupt while waiting. */
    static final class ConflictsExhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictsExhausted(String message) {
            super(message);
        }
    }
}
