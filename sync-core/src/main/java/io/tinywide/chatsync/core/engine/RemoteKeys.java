package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.KeyringReplacedException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore.KeptKey;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a device gets the key of a remote: unlocked once, then kept (in memory for this engine, and
 * in its {@link DeviceKeyStore} across runs), pinned, and checked against the keyring whenever the
 * keyring changes.
 *
 * <ul>
 *   <li>The keyring's listed revision is the one kept: the kept key is used, and nothing is read or
 *       derived.</li>
 *   <li>It changed, but still holds the pinned key (a passphrase change, a recovery key added, a
 *       rotation finished): the kept key opens it; nothing is derived.</li>
 *   <li>It holds another key: if records made with the pinned key lead to it (a rotation on another
 *       device), the device unlocks the new key with a secret once and re-pins; otherwise it is
 *       refused ({@link KeyringReplacedException}) before anything is written.</li>
 * </ul>
 */
final class RemoteKeys {
    private static final System.Logger LOG = System.getLogger(RemoteKeys.class.getName());
    private static final int KEYRING_ATTEMPTS = 3;

    private final VaultKeys keys;
    private final DeviceKeyStore deviceKeys;
    private final SyncStateStore stateStore; // null for a service without stores (key management)
    private final Map<String, Current> unlocked = new ConcurrentHashMap<>();

    /** A remote's unlocked key in this engine, and the keyring revision it was last checked against. */
    private record Current(Revision revision, Keyring.Unlocked key) { }

    RemoteKeys(VaultKeys keys, DeviceKeyStore deviceKeys, SyncStateStore stateStore) {
        this.keys = keys;
        this.deviceKeys = deviceKeys;
        this.stateStore = stateStore;
    }

    /** A device key store that lasts as long as the engine: for engines built without one. */
    static DeviceKeyStore inMemory() {
        Map<String, KeptKey> kept = new ConcurrentHashMap<>();
        return new DeviceKeyStore() {
            @Override
            public Optional<KeptKey> kept(String remote) {
                return Optional.ofNullable(kept.get(remote));
            }

            @Override
            public void keep(String remote, KeptKey key) {
                kept.put(remote, key);
            }
        };
    }

    static String where(CloudStorage storage) {
        return storage.describe() + "/" + ChatVaultEngine.KEYRING_PATH;
    }

    /**
     * The format of a sync: creating the keyring if the remote has none.
     *
     * @param listed the keyring's revisions in the listing the sync just made (several on a storage
     *               that keeps versions; none if there is no keyring)
     */
    VaultFormat forSync(CloudStorage storage, List<Revision> listed) {
        Optional<VaultFormat> unchanged = unchanged(storage, listed);
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        for (int attempt = 0; attempt < KEYRING_ATTEMPTS; attempt++) {
            Optional<VaultFormat> existing = existing(storage, false);
            if (existing.isPresent()) {
                return existing.get();
            }
            Optional<VaultFormat> created = create(storage);
            if (created.isPresent()) {
                return created.get();
            }
        }
        // Either something deletes the keyring as fast as it appears, or the storage refuses every
        // create-if-absent although the file is not there: its conditional writes are broken.
        throw new StorageException("cannot create " + where(storage) + ": " + KEYRING_ATTEMPTS + " times it was absent "
                + "when read, yet the storage refused to create it or it vanished again. Check that the storage "
                + "supports create-if-absent writes (for s3-compatible servers, try conditionalWrites=emulated) and "
                + "that nothing else deletes files under the remote root");
    }

    /** The key kept in this engine or on this device, if the listing shows the keyring it was checked against. */
    private Optional<VaultFormat> unchanged(CloudStorage storage, List<Revision> listed) {
        if (listed.size() != 1) {
            return Optional.empty();
        }
        String remote = storage.describe();
        Current current = unlocked.get(remote);
        if (current != null && listed.get(0).equals(current.revision())) {
            return Optional.of(current.key().format());
        }
        Optional<KeptKey> kept = deviceKeys.kept(remote);
        if (kept.isEmpty() || kept.get().vaultKey() == null || kept.get().keyring() == null
                || !listed.get(0).equals(kept.get().keyringRevision())) {
            return Optional.empty();
        }
        // The keyring is the one kept, byte for byte as it was read: no read and no derivation.
        Keyring.Unlocked key = keys.read(where(storage), kept.get().keyring()).unlock(kept.get().vaultKey());
        unlocked.put(remote, new Current(kept.get().keyringRevision(), key));
        return Optional.of(key.format());
    }

    /**
     * Creates the keyring with create-if-absent; empty when another device created one first (or
     * the one written did not stay), so the caller reads again.
     */
    private Optional<VaultFormat> create(CloudStorage storage) {
        byte[] fresh = keys.newKeyring();
        Keyring.Unlocked key = keys.read(where(storage), fresh).unlock();
        Revision written;
        try {
            written = storage.write(ChatVaultEngine.KEYRING_PATH, fresh, WriteCondition.ifAbsent());
        } catch (PreconditionFailedException raced) {
            LOG.log(System.Logger.Level.DEBUG, "another device created {0} first; using theirs", where(storage));
            return Optional.empty();
        }
        // On a storage whose create-if-absent is not atomic two devices may both "win"; read back
        // before sealing anything, so the loser adopts the keyring that stayed (on a storage that keeps
        // versions, the oldest one). One that did not stay at all must not be sealed with either:
        // nobody could read it later.
        Optional<RemoteObject> stayed = storage.read(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
        if (stayed.isEmpty() || !Arrays.equals(stayed.get().bytes(), fresh)) {
            removeLosingKeyring(storage, written);
            return Optional.empty();
        }
        LOG.log(System.Logger.Level.INFO, "created a new keyring at {0}", where(storage));
        keep(storage, written, fresh, key);
        return Optional.of(key.format());
    }

    /**
     * On a storage that keeps versions, the keyring this device created beside an older one stays
     * listed although nobody uses it: remove it, exactly that version. Harmless if it fails, since
     * every reader takes the oldest.
     */
    static void removeLosingKeyring(CloudStorage storage, Revision mine) {
        if (storage.capabilities().contains(Capability.UNIQUE_PATHS)) {
            return; // the file was overwritten by the winner's: there is nothing of this device's left
        }
        try {
            storage.delete(ChatVaultEngine.KEYRING_PATH, WriteCondition.ifMatch(mine));
        } catch (StorageException e) {
            LOG.log(System.Logger.Level.DEBUG, "the unused keyring version {0} on {1} stays for now: {2}", mine,
                    storage.describe(), e.getMessage());
        }
    }

    /**
     * The format of the remote's keyring as it is (kept in this engine if {@code cached}, else read),
     * never creating one: empty only on
     * a remote that nothing has been synced to; a missing keyring beside partition files, or on a
     * remote this device synced with before, is the error of {@link #refuseNewKeyringOverHistory},
     * once a second read shows that no other device created it meanwhile.
     */
    Optional<VaultFormat> existing(CloudStorage storage, boolean cached) {
        Current current = unlocked.get(storage.describe());
        if (cached && current != null) {
            return Optional.of(current.key().format());
        }
        Optional<RemoteObject> existing = storage.read(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
        if (existing.isEmpty() && hasHistory(storage)) {
            // Another first device may have created the keyring and sealed its first months between
            // that read and the listing: only a keyring still absent after them is missing.
            existing = storage.read(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
            if (existing.isEmpty()) {
                // Vaults without their keyring, or an emptied remote this device synced with (an
                // unmounted disk, a wrong root), are errors here as in a sync, never "no backup".
                refuseNewKeyringOverHistory(storage);
            }
        }
        return existing.map(found -> adopt(storage, found, false).format());
    }

    /**
     * Unlocks a keyring read from the remote under the pin rules, keeps it, and returns its key.
     *
     * @param trust accept another key than the pinned one (the user said so)
     * @throws KeyringReplacedException if it holds another key than the pinned one, and no rotation
     *                                  made with the pinned key leads to it
     */
    Keyring.Unlocked adopt(CloudStorage storage, RemoteObject found, boolean trust) {
        String remote = storage.describe();
        Keyring keyring = keys.read(where(storage), found.bytes());
        Optional<KeptKey> kept = deviceKeys.kept(remote);
        Current current = unlocked.get(remote);
        Keyring.Unlocked key;
        if (trust || kept.isEmpty()) {
            key = keyring.unlock();
        } else if (kept.get().keyId().equals(keyring.keyId())) {
            byte[] known = kept.get().vaultKey() != null ? kept.get().vaultKey()
                    : current != null && current.key().pin().keyId().equals(keyring.keyId()) ? current.key().export()
                    : null;
            key = known != null ? keyring.unlock(known) : keyring.unlock();
        } else {
            Optional<byte[]> leadsTo = keyring.rotationFrom(kept.get().pin());
            if (leadsTo.isEmpty()) {
                throw new KeyringReplacedException(remote, kept.get().keyId(), keyring.keyId());
            }
            key = keyring.unlock(); // the new key needs a secret once
            if (!key.pin().matches(leadsTo.get())) {
                throw new KeyringReplacedException(remote, kept.get().keyId(), keyring.keyId());
            }
            LOG.log(System.Logger.Level.INFO, "{0}: the vault key was rotated from {1} to {2} by a holder of the "
                    + "old key; this device follows", remote, kept.get().keyId(), keyring.keyId());
        }
        keep(storage, found.revision(), found.bytes(), key);
        return key;
    }

    /** Remembers an unlocked key, in this engine and on the device. */
    void keep(CloudStorage storage, Revision revision, byte[] keyringFile, Keyring.Unlocked key) {
        String remote = storage.describe();
        unlocked.put(remote, new Current(revision, key));
        deviceKeys.keep(remote, new KeptKey(key.pin().keyId(), key.pin().verifier(), revision, keyringFile,
                key.export()));
    }

    /** The key this device pinned for the remote. */
    Optional<String> pinned(CloudStorage storage) {
        return deviceKeys.kept(storage.describe()).map(KeptKey::keyId);
    }

    /** Whether the remote holds partition files, or this device synced with it (or unlocked it) before. */
    private boolean hasHistory(CloudStorage storage) {
        return partitionFiles(storage) > 0 || deviceKeys.kept(storage.describe()).isPresent()
                || stateStore != null && !stateStore.load(storage.describe()).isEmpty();
    }

    private static long partitionFiles(CloudStorage storage) {
        return storage.list("").stream().filter(e -> PartitionKey.parseFilePath(e.path()).isPresent()).count();
    }

    /**
     * A new key over existing vaults would make every month unreadable for good. A missing keyring
     * next to partition files (a partial copy, a mirror that has not delivered it yet, a deleted
     * file), or on a remote this device has synced before, is an error, not a first sync.
     */
    private static void refuseNewKeyringOverHistory(CloudStorage storage) {
        long partitionFiles = partitionFiles(storage);
        throw new StorageException(where(storage) + " is missing, but " + (partitionFiles > 0 ? partitionFiles
                + " vault and manifest files are there" : "this device has synced with this remote before")
                + ". A new key would make them unreadable, so nothing was written. Put keyring.json back (from "
                + "another copy of the remote, or a backup), or wait for the folder's sync tool to deliver it"
                + (partitionFiles > 0 ? ". If no copy of it exists, nobody can read those files again; this "
                + "device's history is safe in its own store: sync it to a new, empty remote (another folder or "
                + "--root) and use that one from now on"
                : ". If the remote was emptied on purpose, start it again from a device that has not synced with it "
                + "(for the command line: a new --store)"));
    }
}
