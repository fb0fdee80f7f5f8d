package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncListener.PartitionOutcome;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultKeys;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KeyManagement} over the remotes: each change of the keyring through {@link KeyringWrites}
 * (compare-and-set, read back), each proving a secret first, and the device's pin and kept key
 * updated after it. A rotation re-seals the partitions with {@link PartitionSync} in its re-seal
 * mode, one by one, and finishes only after a pass that found nothing left of the old key.
 *
 * <p>Build one with {@code io.tinywide.chatsync.core.ChatSync.builder()...buildKeyManagement()}.
 */
public final class KeyManager implements KeyManagement {
    private static final System.Logger LOG = System.getLogger(KeyManager.class.getName());
    /** Passes over the remote before a rotation gives up finishing (a device that keeps sealing with the old key). */
    private static final int ROTATION_PASSES = 3;

    private final Remotes remotes;
    private final VaultKeys keys;
    private final RemoteKeys remoteKeys;
    private final EngineSettings settings;

    /**
     * @param remotes    the remotes by provider id
     * @param keys       reads and changes keyrings with the user's secrets
     * @param deviceKeys what the device keeps of each remote's key; updated after every change
     * @param settings   tuning of the re-seal of a rotation
     */
    public KeyManager(Map<String, CloudStorage> remotes, VaultKeys keys, DeviceKeyStore deviceKeys,
                      EngineSettings settings) {
        this.remotes = new Remotes(remotes);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.remoteKeys = new RemoteKeys(keys, Objects.requireNonNull(deviceKeys, "deviceKeys"), null);
        this.settings = Objects.requireNonNull(settings, "settings");
    }


    /** The remote's keyring file; {@code why} ends the error that there is none. */
    private static RemoteObject keyringFile(CloudStorage storage, String why) {
        return storage.read(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES)
                .orElseThrow(() -> new IllegalStateException("there is no keyring at " + RemoteKeys.where(storage) + why));
    }

    private Keyring read(CloudStorage storage, RemoteObject file) {
        return keys.read(RemoteKeys.where(storage), file.bytes());
    }

    @Override
    public KeyringReport describe(String providerId) {
        CloudStorage storage = remotes.require(providerId);
        RemoteObject file = keyringFile(storage, ": nothing has been synced to this remote yet");
        Keyring keyring = read(storage, file);
        Optional<RotationProgress> rotation = keyring.retiringKeyId()
                .map(from -> progress(storage, from, keyring.keyId()));
        return report(storage, keyring, rotation);
    }

    private KeyringReport report(CloudStorage storage, Keyring keyring, Optional<RotationProgress> rotation) {
        return new KeyringReport(storage.describe(), keyring.formatVersion(), keyring.keyId(),
                Optional.ofNullable(keyring.created()), keyring.methods(), rotation, remoteKeys.pinned(storage));
    }

    /** Counts the partition files still sealed with the retiring key, from their readable headers. */
    private RotationProgress progress(CloudStorage storage, String from, String to) {
        int files = 0;
        int left = 0;
        for (RemoteEntry e : storage.list("")) {
            if (PartitionKey.parseFilePath(e.path()).isEmpty()) {
                continue;
            }
            files++;
            try {
                Optional<RemoteObject> o = storage.read(e.path(), VaultKeys.MAX_KEYRING_BYTES * 1024);
                if (o.isPresent() && !to.equals(headerKeyId(storage, e.path(), o.get()))) {
                    left++;
                }
            } catch (StorageException | FileFormatException ex) {
                left++; // unknown counts as not done: the rotation will say what is wrong with it
            }
        }
        return new RotationProgress(from, to, left, files);
    }

    private String headerKeyId(CloudStorage storage, String path, RemoteObject o) {
        // Any unlocked format reads a header; the kept key avoids a derivation when there is one.
        return remoteKeys.existing(storage, true).map(f -> f.keyIdOf(path, o.bytes())).orElse("");
    }

    @Override
    public KeyringReport changePassphrase(String providerId, PassphraseSource newPassphrase) {
        Objects.requireNonNull(newPassphrase, "newPassphrase");
        CloudStorage storage = remotes.require(providerId);
        KeyringWrites.Written<Keyring.Unlocked> written = KeyringWrites.change(storage, file -> {
            Keyring keyring = read(storage, file);
            Keyring.Unlocked key = keyring.unlock(); // the old secret, proved before anything else
            return new KeyringWrites.Change<>(keyring.withNewPassphrase(newPassphrase), key);
        });
        return afterChange(storage, written, written.result());
    }

    @Override
    public RecoveryKey addRecoveryKey(String providerId) {
        CloudStorage storage = remotes.require(providerId);
        KeyringWrites.Written<Map.Entry<Keyring.Unlocked, RecoveryKey>> written = KeyringWrites.change(storage, file -> {
            Keyring keyring = read(storage, file);
            Keyring.Unlocked key = keyring.unlock();
            Keyring.WithRecovery changed = keyring.withNewRecoveryKey();
            return new KeyringWrites.Change<>(changed.keyring(), Map.entry(key, changed.recoveryKey()));
        });
        afterChange(storage, written, written.result().getKey());
        return written.result().getValue();
    }

    @Override
    public KeyringReport removeUnlockMethod(String providerId, Keyring.Method.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        CloudStorage storage = remotes.require(providerId);
        KeyringWrites.Written<Keyring.Unlocked> written = KeyringWrites.change(storage, file -> {
            Keyring keyring = read(storage, file);
            Keyring.Unlocked key = keyring.unlock();
            return new KeyringWrites.Change<>(keyring.without(kind), key);
        });
        return afterChange(storage, written, written.result());
    }

    /**
     * Keeps what the device knows in step with the keyring it just wrote (the key is the same for
     * every change but a rotation, whose new key this device made and so pins at once).
     */
    private <T> KeyringReport afterChange(CloudStorage storage, KeyringWrites.Written<T> written,
                                          Keyring.Unlocked key) {
        Keyring keyring = keys.read(RemoteKeys.where(storage), written.bytes());
        remoteKeys.keep(storage, written.revision(), written.bytes(), keyring.unlock(key.export()));
        return report(storage, keyring, keyring.retiringKeyId().map(from -> new RotationProgress(from,
                keyring.keyId(), -1, -1)));
    }

    @Override
    public KeyringReport trust(String providerId) {
        CloudStorage storage = remotes.require(providerId);
        RemoteObject file = keyringFile(storage, " to trust");
        Optional<String> before = remoteKeys.pinned(storage);
        remoteKeys.adopt(storage, file, true);
        Keyring keyring = read(storage, file);
        if (before.isPresent() && !before.get().equals(keyring.keyId())) {
            LOG.log(System.Logger.Level.WARNING, "{0}: this device now trusts key {1} instead of {2}",
                    storage.describe(), keyring.keyId(), before.get());
        }
        return report(storage, keyring, keyring.retiringKeyId().map(from -> new RotationProgress(from,
                keyring.keyId(), -1, -1)));
    }

    @Override
    public RotationReport rotate(String providerId, SyncListener listener) {
        CloudStorage storage = remotes.require(providerId);
        SyncListener progress = listener == null ? SyncListener.NONE : listener;
        // Start, or continue the rotation a crash or a failure stopped: the keyring says which.
        KeyringWrites.Written<Keyring.Rotated> started = KeyringWrites.change(storage, file -> {
            Keyring keyring = read(storage, file);
            if (keyring.retiringKeyId().isPresent()) {
                return new KeyringWrites.Change<>(file.bytes(), null); // already under way: write nothing new
            }
            Keyring.Rotated rotated = keyring.rotated();
            return new KeyringWrites.Change<>(rotated.keyring(), rotated);
        });
        Keyring keyring = keys.read(RemoteKeys.where(storage), started.bytes());
        // A rotation this device starts is pinned at once; one it continues is checked like any keyring
        // (kept key, or a rotation record from the pinned key and a secret once).
        Keyring.Unlocked key = started.result() != null ? keyring.unlock()
                : remoteKeys.adopt(storage, new RemoteObject(ChatVaultEngine.KEYRING_PATH, started.bytes(),
                started.revision()), false);
        remoteKeys.keep(storage, started.revision(), started.bytes(), key);
        String from = keyring.retiringKeyId().orElseThrow();
        List<Keyring.Method.Kind> dropped = started.result() == null ? List.of() : started.result().dropped();
        LOG.log(System.Logger.Level.INFO, "{0}: re-sealing with key {1} what key {2} sealed", storage.describe(),
                keyring.keyId(), from);

        Tally tally = new Tally();
        for (int pass = 0; pass < ROTATION_PASSES; pass++) {
            int before = tally.uploaded.get();
            int failed = tally.failures.size();
            reseal(storage, key.format(), tally, progress);
            if (progress.isCancelled() || tally.failures.size() > failed) {
                break;
            }
            if (tally.uploaded.get() == before) {
                // A whole pass found nothing of the old key: remove it, unless the keyring changed meanwhile.
                KeyringWrites.Written<Void> finished = KeyringWrites.change(storage, file -> {
                    Keyring now = read(storage, file);
                    if (!now.keyId().equals(keyring.keyId()) || now.retiringKeyId().isEmpty()) {
                        return new KeyringWrites.Change<>(file.bytes(), null);
                    }
                    return new KeyringWrites.Change<>(now.withoutRetiringKey(), null);
                });
                Keyring done = keys.read(RemoteKeys.where(storage), finished.bytes());
                remoteKeys.keep(storage, finished.revision(), finished.bytes(), done.unlock(key.export()));
                return new RotationReport(storage.describe(), from, keyring.keyId(), tally.uploaded.get(), List.of(),
                        done.retiringKeyId().isEmpty(), dropped);
            }
        }
        return new RotationReport(storage.describe(), from, keyring.keyId(), tally.uploaded.get(),
                tally.sortedFailures(), false, dropped);
    }

    /** One pass over every partition of the remote: each re-sealed if any file of it is of another key. */
    private void reseal(CloudStorage storage, VaultFormat format, Tally tally, SyncListener listener) {
        RemoteListing listing = new RemoteListing(storage.list(""));
        PartitionSync worker = new PartitionSync(storage, format, NO_LOCAL, NO_STATE, settings, tally, listener);
        listener.started(storage.describe(), listing.partitions().size());
        for (Map.Entry<PartitionKey, RemoteListing.Files> e : listing.partitions().entrySet()) {
            if (listener.isCancelled()) {
                listener.partitionDone(e.getKey(), PartitionOutcome.SKIPPED);
                continue;
            }
            worker.visit(e.getKey(), SyncStateStore.PartitionState.UNKNOWN, e.getValue().manifests(),
                    PartitionSync.Mode.RESEAL);
        }
    }

    /** A re-seal touches neither store (its mode never calls them): none is given. */
    private static final LocalMessageStore NO_LOCAL = null;
    private static final SyncStateStore NO_STATE = null;
}
