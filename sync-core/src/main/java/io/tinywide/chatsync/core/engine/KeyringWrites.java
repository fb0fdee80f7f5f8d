package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A change of {@code keyring.json} that cannot silently lose to a concurrent one, on either kind of
 * storage. On a storage with unique paths the change is one compare-and-set. On one that keeps
 * versions (decision 0007, Google Drive) every reader takes the oldest version, so a change first
 * consolidates to that one version, writes with {@code ifMatch} of it, and reads back: if its own
 * version is not the oldest, another device's change stayed, this one is removed again and applied
 * once more on top of the other. A change that keeps losing is reported, never claimed.
 */
final class KeyringWrites {
    private static final System.Logger LOG = System.getLogger(KeyringWrites.class.getName());
    private static final int ATTEMPTS = 4;

    private KeyringWrites() {
    }

    /**
     * A new keyring computed from the current one, and what the caller gets when it stays.
     *
     * @param bytes  the new file
     * @param result what the change returns
     */
    record Change<T>(byte[] bytes, T result) { }

    /**
     * The written keyring.
     *
     * @param revision its revision
     * @param bytes    its content
     * @param result   what the change returned
     */
    record Written<T>(Revision revision, byte[] bytes, T result) { }

    /**
     * Applies {@code edit} to the remote's keyring until it stays. The edit may run more than once
     * (after a lost race, on the keyring the other device wrote); it must not write anything itself.
     *
     * @throws IllegalStateException if the remote has no keyring
     */
    static <T> Written<T> change(CloudStorage storage, Function<RemoteObject, Change<T>> edit) {
        String where = RemoteKeys.where(storage);
        boolean versions = !storage.capabilities().contains(Capability.UNIQUE_PATHS);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<RemoteObject> found = storage.readVersions(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
            if (found.isEmpty()) {
                throw new IllegalStateException("there is no keyring at " + where + ": nothing has been synced to "
                        + "this remote yet, so there is no key to manage. Sync first");
            }
            RemoteObject current = found.get(0);
            consolidate(storage, found);
            Change<T> change = edit.apply(current);
            Revision written;
            try {
                written = storage.write(ChatVaultEngine.KEYRING_PATH, change.bytes(),
                        WriteCondition.ifMatch(current.revision()));
            } catch (PreconditionFailedException raced) {
                LOG.log(System.Logger.Level.DEBUG, "{0} changed meanwhile; applying the change again", where);
                continue;
            }
            if (!versions && storage.capabilities().contains(Capability.ATOMIC_CONDITIONAL_WRITE)) {
                return new Written<>(written, change.bytes(), change.result());
            }
            List<RemoteObject> back = storage.readVersions(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
            if (!back.isEmpty() && Arrays.equals(back.get(0).bytes(), change.bytes())) {
                return new Written<>(back.get(0).revision(), change.bytes(), change.result());
            }
            // Another device's change stayed: this one is not what readers see. Take it back (exactly
            // this version) and apply it again on top of theirs.
            RemoteKeys.removeLosingKeyring(storage, written);
        }
        throw new StorageException("the keyring at " + where + " kept changing while this device changed it ("
                + ATTEMPTS + " times); this change did not stay and nothing of it is in effect. Another device is "
                + "changing the keys now: run the command again when it has finished");
    }

    /**
     * Removes every version but the oldest, which is the keyring every reader uses: leftovers of an
     * earlier race whose writer saw it lose, or a change in progress that will see it lose.
     */
    private static void consolidate(CloudStorage storage, List<RemoteObject> found) {
        for (RemoteObject extra : found.subList(1, found.size())) {
            try {
                storage.delete(ChatVaultEngine.KEYRING_PATH, WriteCondition.ifMatch(extra.revision()));
            } catch (StorageException e) {
                LOG.log(System.Logger.Level.DEBUG, "keyring version {0} on {1} stays for now: {2}", extra.revision(),
                        storage.describe(), e.getMessage());
            }
        }
    }
}
