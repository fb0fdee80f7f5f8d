package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncListener.PartitionOutcome;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore.LocalPartition;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
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

import java.util.List;
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

    /**
     * A sync reads and writes; a restore only reads remotely and never writes; a re-seal (a key
     * rotation) writes the remote's own content again under the current key, without the device's.
     */
    enum Mode { SYNC, RESTORE, RESEAL }

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
     * @param listedManifests  the manifest revisions the listing showed, oldest first; empty if none
     */
    PartitionOutcome visit(PartitionKey key, PartitionState known, List<Revision> listedManifests, Mode mode) {
        PartitionOutcome outcome;
        try {
            outcome = visitWithRetries(key, known, listedManifests, mode);
        } catch (FileFormatException e) {
            outcome = fail(key, "remote file " + e.path() + " on " + remote + " cannot be used ("
                    + e.problem() + "): " + e.getMessage() + ". It was left untouched; run `chatsync verify` and "
                    + "restore the file from another device or a backup", e);
        } catch (VaultDataException e) {
            outcome = fail(key, "partition " + key + " holds conflicting data: " + e.getMessage()
                    + ". Nothing was written; fix the message ids at their source", e);
        } catch (ObjectTooLargeException e) {
            outcome = fail(key, "remote file " + e.path() + " on " + remote + " is too large to read: " + e.getMessage()
                    + ". The other months sync; restore the file from another device or a backup", e);
        } catch (StorageException e) {
            outcome = fail(key, "storage " + remote + " failed on partition " + key + ": " + e.getMessage()
                    + (e.isRetryable() ? "; sync again later" : ""), e);
        } catch (ConflictsExhausted | MonthTooLarge e) {
            outcome = fail(key, e.getMessage(), e);
        } catch (RuntimeException e) {
            outcome = fail(key, "unexpected error on partition " + key + " of " + remote + ": " + e, e);
        } catch (OutOfMemoryError e) {
            // The month's own arrays (at most the format's file limit, read bounded) did not fit;
            // they are garbage now, so the other months can go on. Nothing of this one was written.
            outcome = fail(key, "not enough memory for partition " + key + " of " + remote + " (its file may be up "
                    + "to " + format.maxFileSize() + " bytes); nothing of it was written and the other months sync. "
                    + "Give Java more memory (java -Xmx1g ...) or sync with fewer months at once", e);
        }
        listener.partitionDone(key, outcome);
        return outcome;
    }

    private PartitionOutcome visitWithRetries(PartitionKey key, PartitionState known, List<Revision> listedManifests,
                                              Mode mode) {
        for (int attempt = 0; ; attempt++) {
            Optional<PartitionOutcome> done = attempt(key, known, listedManifests, mode);
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

    /**
     * One read-merge-write round; empty when the conditional write lost to another device. Each step
     * returns what the next needs, and the state is recorded last, so a crash between any two steps
     * leaves the partition to be visited again.
     */
    private Optional<PartitionOutcome> attempt(PartitionKey key, PartitionState known, List<Revision> listedManifests,
                                               Mode mode) {
        LocalPartition before = mode == Mode.RESEAL ? new LocalPartition(ChatVault.empty(key), -1) : local.load(key);
        RemoteVault remote = readRemote(key, known);
        if (remote.isAbsent() && mode != Mode.SYNC) {
            return Optional.of(PartitionOutcome.UNCHANGED);
        }
        ChatVault merged = VaultMerge.merge(before.vault(), remote.vault());
        Download down = mode == Mode.RESEAL ? new Download(new VaultDelta(key, List.of(), List.of()), null)
                : applyLocally(before, merged);
        Optional<RemoteState> after = mode == Mode.RESTORE
                ? Optional.of(asRestored(known, remote, merged))
                : uploadWhatTheRemoteLacks(key, known, listedManifests, remote, merged);
        if (after.isEmpty()) {
            return Optional.empty();
        }
        if (mode != Mode.RESEAL) {
            // A re-seal leaves the device's own record alone: its next sync sees the new revision and
            // reads the month once more, which changes nothing.
            recordState(key, known, before, down, after.get());
        }
        return Optional.of(count(key, down, after.get(), mode));
    }

    /**
     * What the remote holds of a partition: every version of its vault file, decrypted, verified and
     * merged (a storage without unique paths may hold several after devices raced).
     *
     * @param vault      the merge of every version; empty when there is no vault
     * @param revisions  the versions' revisions, oldest first; empty when there is no vault
     * @param generation the highest generation among them
     * @param digest     the digest of the only version; {@code null} when there are none or several
     * @param staleKey   whether a version was sealed with another key than the current one (a key
     *                   rotation's retiring key), so the month is written again under the current key
     */
    private record RemoteVault(ChatVault vault, List<Revision> revisions, long generation, String digest,
                               boolean staleKey) {
        boolean isAbsent() {
            return revisions.isEmpty();
        }

        /** Whether the remote holds exactly this state, in one file, sealed with the current key. */
        boolean holdsExactly(ChatVault state) {
            return revisions.size() <= 1 && !staleKey && vault.equals(state);
        }

        /** The one revision a conditional write replaces; {@code null} when there is no vault. */
        Revision replaced() {
            return revisions.isEmpty() ? null : revisions.get(0);
        }
    }

    private RemoteVault readRemote(PartitionKey key, PartitionState known) {
        String path = key.vaultPath();
        List<RemoteObject> versions = storage.readVersions(path, format.maxFileSize());
        if (versions.isEmpty()) {
            if (known.vaultRevision() != null) {
                warn("the vault of " + key + " disappeared from " + remote + "; uploading this device's copy");
            }
            return new RemoteVault(ChatVault.empty(key), List.of(), 0, null, false);
        }
        ChatVault vault = ChatVault.empty(key);
        long generation = 0;
        OpenedVault opened = null;
        boolean staleKey = false;
        for (RemoteObject version : versions) {
            tally.bytesDown.addAndGet(version.bytes().length);
            opened = format.openVault(path, key, version.bytes());
            staleKey |= !format.keyId().equals(format.keyIdOf(path, version.bytes()));
            vault = VaultMerge.merge(vault, opened.vault());
            generation = Math.max(generation, opened.generation());
        }
        if (generation < known.generation()) {
            warn("partition " + key + " on " + remote + " is at generation " + generation
                    + ", lower than generation " + known.generation() + " seen before: an older copy was restored "
                    + "or rolled back. It was merged; nothing it lacks was deleted");
        }
        return new RemoteVault(vault, versions.stream().map(RemoteObject::revision).toList(), generation,
                versions.size() == 1 ? opened.digest() : null, staleKey);
    }

    /**
     * What the local store received: the delta from its state to the merge, and the versions around
     * the apply ({@code null} when there was nothing to apply).
     */
    private record Download(VaultDelta delta, LocalMessageStore.Applied applied) {
        boolean isEmpty() {
            return delta.isEmpty();
        }

        /**
         * The local version whose content the merge covers: the one after the apply if no local change
         * slipped in between the load and the apply, else the one loaded.
         */
        long coveredLocalVersion(long loaded) {
            return applied != null && applied.versionBefore() == loaded ? applied.versionAfter() : loaded;
        }
    }

    private Download applyLocally(LocalPartition before, ChatVault merged) {
        VaultDelta down = VaultMerge.diff(before.vault(), merged);
        if (down.isEmpty()) {
            return new Download(down, null);
        }
        LocalMessageStore.Applied applied = local.apply(down);
        tally.messagesDown.addAndGet(down.upserts().size());
        tally.tombstonesDown.addAndGet(down.tombstones().size());
        return new Download(down, applied);
    }

    /**
     * The remote side of a partition after a visit.
     *
     * @param vaultRevision    the vault's revision to remember; {@code null} when the remote is not
     *                         known to hold the merge, so the next sync visits again
     * @param holdsMerge       whether the remote holds everything of the merge
     * @param uploaded         whether this visit wrote the vault
     */
    private record RemoteState(Revision vaultRevision, long generation, VaultManifest manifest,
                               Revision manifestRevision, boolean holdsMerge, boolean uploaded) { }

    /**
     * Writes the merge if the remote lacks anything of it (or holds it in several versions), under the
     * condition of what was read, then its manifest; otherwise makes sure the manifest describes the
     * vault. Empty when the write lost to another device.
     */
    private Optional<RemoteState> uploadWhatTheRemoteLacks(PartitionKey key, PartitionState known,
                                                           List<Revision> listedManifests, RemoteVault remote,
                                                           ChatVault merged) {
        long generation = Math.max(remote.generation(), known.generation());
        if (remote.holdsExactly(merged)) {
            if (remote.isAbsent()) {
                return Optional.of(new RemoteState(null, generation, known.manifest(), known.manifestRevision(),
                        true, false));
            }
            ManifestCheck check = ensureManifest(key, known, listedManifests, remote.vault(), remote.generation(),
                    remote.digest());
            return Optional.of(new RemoteState(remote.replaced(), generation, check.manifest(), check.revision(),
                    true, false));
        }
        String vaultPath = key.vaultPath();
        SealedVault sealed = seal(key, merged, generation + 1);
        WriteCondition condition = remote.isAbsent()
                ? WriteCondition.ifAbsent() : WriteCondition.ifMatch(remote.replaced());
        Revision written;
        try {
            written = storage.write(vaultPath, sealed.bytes(), condition);
        } catch (PreconditionFailedException lost) {
            LOG.log(System.Logger.Level.DEBUG, "lost the write of {0} on {1}; re-reading", vaultPath, remote);
            return Optional.empty();
        }
        tally.bytesUp.addAndGet(sealed.bytes().length);
        VaultDelta up = VaultMerge.diff(remote.vault(), merged);
        tally.messagesUp.addAndGet(up.upserts().size());
        tally.tombstonesUp.addAndGet(up.tombstones().size());
        removeMerged(vaultPath, remote.revisions());
        VaultManifest manifest = VaultManifest.of(merged, generation + 1, sealed.digest());
        Revision manifestRevision = writeManifest(key, manifest, listedManifests);
        return Optional.of(new RemoteState(written, generation + 1, manifest, manifestRevision, true, true));
    }

    /** Seals a month, or says that it is too large for any device to read and stays here. */
    private SealedVault seal(PartitionKey key, ChatVault merged, long generation) {
        try {
            return format.sealVault(merged, generation);
        } catch (FileFormatException e) {
            if (e.problem() != FileFormatException.Problem.TOO_LARGE) {
                throw e;
            }
            throw new MonthTooLarge("partition " + key + " is too large to upload to " + remote + ": "
                    + e.getMessage() + ". It stays on this device and the other months sync; remove large "
                    + "attachments from that month", e);
        }
    }

    /** A restore never writes: the remote is as read, and holds the merge only if nothing was local-only. */
    private static RemoteState asRestored(PartitionState known, RemoteVault remote, ChatVault merged) {
        boolean holdsMerge = remote.holdsExactly(merged);
        // A restore that found the remote missing some of this device's data (a rolled-back copy, a
        // lost update) must not record that revision as seen: the next sync then visits the month and
        // writes the missing data back.
        return new RemoteState(holdsMerge ? remote.replaced() : null, Math.max(remote.generation(),
                known.generation()), known.manifest(), known.manifestRevision(), holdsMerge, false);
    }

    private void recordState(PartitionKey key, PartitionState known, LocalPartition before, Download down,
                             RemoteState after) {
        long synced = after.holdsMerge() ? down.coveredLocalVersion(before.version()) : known.syncedLocalVersion();
        stateStore.save(remote, key, new PartitionState(after.vaultRevision(), after.manifestRevision(),
                after.generation(), synced, true, after.manifest()));
    }

    private PartitionOutcome count(PartitionKey key, Download down, RemoteState after, Mode mode) {
        if (!down.isEmpty() || mode == Mode.RESTORE) {
            tally.fetched.add(key);
        }
        if (!down.isEmpty()) {
            tally.downloaded.incrementAndGet();
        }
        if (after.uploaded()) {
            tally.uploaded.incrementAndGet();
        }
        tally.visited.incrementAndGet();
        if (after.uploaded()) {
            return down.isEmpty() ? PartitionOutcome.UPLOADED : PartitionOutcome.UPLOADED_AND_DOWNLOADED;
        }
        return down.isEmpty() ? PartitionOutcome.UNCHANGED : PartitionOutcome.DOWNLOADED;
    }

    /**
     * After the merge of several versions was written in place of the first, removes the others, each
     * only if it is still the version that was read and merged. One that cannot be removed now stays
     * and is merged again by the next reader: nothing is lost either way.
     */
    private void removeMerged(String path, List<Revision> read) {
        for (Revision version : read.subList(Math.min(1, read.size()), read.size())) {
            try {
                storage.delete(path, WriteCondition.ifMatch(version));
            } catch (StorageException e) {
                LOG.log(System.Logger.Level.DEBUG, "{0} on {1}: merged version {2} stays for now: {3}", path, remote,
                        version, e.getMessage());
            }
        }
    }

    /**
     * Writes a manifest after its vault, in place of the listed versions. Another device may have
     * written a newer one meanwhile; then theirs stays, since it describes a newer vault.
     */
    private Revision writeManifest(PartitionKey key, VaultManifest manifest, List<Revision> listed) {
        String path = key.manifestPath();
        List<Revision> replaced = listed;
        for (int attempt = 0; attempt < MANIFEST_WRITE_ATTEMPTS; attempt++) {
            WriteCondition condition = replaced.isEmpty()
                    ? WriteCondition.ifAbsent() : WriteCondition.ifMatch(replaced.get(0));
            try {
                byte[] bytes = format.sealManifest(manifest);
                Revision revision = storage.write(path, bytes, condition);
                tally.bytesUp.addAndGet(bytes.length);
                removeMerged(path, replaced);
                return revision;
            } catch (PreconditionFailedException conflict) {
                Optional<Manifest> theirs = newestManifest(key);
                if (theirs.isPresent() && theirs.get().manifest().generation() >= manifest.generation()) {
                    return theirs.get().revision();
                }
                replaced = theirs.map(Manifest::versions).orElse(List.of());
            }
        }
        throw new ConflictsExhausted("the manifest of " + key + " on " + remote + " kept changing while this device "
                + "wrote it; its vault is saved. Sync again to finish");
    }

    /**
     * The newest of a partition's manifest versions (one, on a storage with unique paths).
     *
     * @param versions every version's revision, oldest first
     * @param staleKey whether a version was sealed with another key than the current one
     */
    record Manifest(VaultManifest manifest, Revision revision, List<Revision> versions, boolean staleKey) { }

    /** @throws FileFormatException if a version cannot be used */
    Optional<Manifest> newestManifest(PartitionKey key) {
        String path = key.manifestPath();
        List<RemoteObject> versions = storage.readVersions(path, format.maxFileSize());
        Manifest newest = null;
        boolean staleKey = false;
        for (RemoteObject version : versions) {
            tally.bytesDown.addAndGet(version.bytes().length);
            tally.manifestsRead.incrementAndGet();
            VaultManifest opened = format.openManifest(path, key, version.bytes());
            staleKey |= !format.keyId().equals(format.keyIdOf(path, version.bytes()));
            if (newest == null || opened.generation() > newest.manifest().generation()) {
                newest = new Manifest(opened, version.revision(), null, false);
            }
        }
        List<Revision> revisions = versions.stream().map(RemoteObject::revision).toList();
        boolean stale = staleKey;
        return Optional.ofNullable(newest).map(m -> new Manifest(m.manifest(), m.revision(), revisions, stale));
    }

    private record ManifestCheck(VaultManifest manifest, Revision revision) { }

    /**
     * Makes sure the manifest describes the vault as it is remotely, repairing it when a crash
     * or a lost race left it missing, stale or in several versions. An unreadable manifest is reported
     * and left as it is: it may have been written by a newer chatsync.
     */
    private ManifestCheck ensureManifest(PartitionKey key, PartitionState known, List<Revision> listed,
                                         ChatVault vault, long generation, String digest) {
        if (listed.size() == 1 && listed.get(0).equals(known.manifestRevision())
                && describes(known.manifest(), generation, digest)) {
            return new ManifestCheck(known.manifest(), listed.get(0));
        }
        Optional<Manifest> current;
        try {
            current = newestManifest(key);
        } catch (FileFormatException e) {
            warn("the manifest " + key.manifestPath() + " on " + remote + " cannot be used (" + e.problem()
                    + "); it was left untouched, so lazy restores may miss this month: " + e.getMessage());
            return new ManifestCheck(known.manifest(), known.manifestRevision());
        }
        if (current.isPresent() && current.get().versions().size() == 1 && !current.get().staleKey()
                && describes(current.get().manifest(), generation, digest)) {
            return new ManifestCheck(current.get().manifest(), current.get().revision());
        }
        VaultManifest repaired = VaultManifest.of(vault, generation, digest);
        Revision written = writeManifest(key, repaired, current.map(Manifest::versions).orElse(List.of()));
        return new ManifestCheck(repaired, written);
    }

    private static boolean describes(VaultManifest manifest, long generation, String digest) {
        return manifest != null && manifest.describes(generation, digest);
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

    /**
     * Exponential back-off with jitter (a random pause between half and all of the doubled step), so
     * racing devices do not retry in lock step.
     */
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

    /** A month whose file would exceed the format's limit: it is never written, so readers never choke on it. */
    static final class MonthTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MonthTooLarge(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
