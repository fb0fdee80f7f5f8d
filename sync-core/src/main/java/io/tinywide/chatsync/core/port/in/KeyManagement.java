package io.tinywide.chatsync.core.port.in;

import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RecoveryKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a remote, as a person manages them: see them, change the passphrase, add or remove a
 * recovery key, rotate the vault key after a suspected compromise, and accept a keyring that was
 * replaced on purpose. Built by {@code ChatSync.builder()...buildKeyManagement()}.
 *
 * <p>Every change proves a secret first (the passphrase, or the recovery key the builder was given),
 * derives nothing twice, and is written to {@code keyring.json} with compare-and-set: a wrong secret,
 * a lost race or a failed write changes nothing, and another device's concurrent change is never
 * overwritten (on a storage that keeps versions, the change is read back; if it did not stay, it is
 * tried again on top of the other, or reported). Vaults are never rewritten, except by
 * {@link #rotate}.
 */
public interface KeyManagement {

    /**
     * What the keyring of a remote holds, and what this device pinned. Reads only; a rotation in
     * progress is counted by reading every partition file's header.
     *
     * @throws IllegalStateException if the remote has no keyring yet
     */
    KeyringReport describe(String providerId);

    /**
     * Changes the passphrase: the vault key is wrapped again under the new passphrase (with the best
     * key derivation this build has), and nothing else changes, so other devices that kept the key
     * keep working. A keyring of version 1 becomes version 2.
     *
     * @param newPassphrase asked with {@link PassphraseSource.Purpose#NEW_PASSPHRASE}
     * @throws io.tinywide.chatsync.core.port.out.WrongPassphraseException if the old secret is wrong;
     *                                                                     nothing was written
     */
    KeyringReport changePassphrase(String providerId, PassphraseSource newPassphrase);

    /**
     * Adds a recovery key (replacing an earlier one): a second wrapping of the same vault key. Show it
     * to the user once: it is not stored anywhere else.
     */
    RecoveryKey addRecoveryKey(String providerId);

    /**
     * Removes one way to unlock the remote.
     *
     * @throws IllegalStateException if it is the last way, or there is no such way
     */
    KeyringReport removeUnlockMethod(String providerId, Keyring.Method.Kind kind);

    /**
     * Rotates the vault key, or continues a rotation that was stopped: a new key becomes current (the
     * old one is kept, wrapped by it, as the retiring key), every partition is re-sealed with it one
     * by one with compare-and-set, and once none is left sealed with the old key, the old key is
     * removed and its files are refused. A crash or a failure half-way loses nothing; calling this
     * again continues. Other devices notice the new key on their next sync, check that it was made by
     * a holder of the key they pinned, and ask for the passphrase once to unlock it.
     *
     * <p>The new key is wrapped by every way to unlock whose secret this service was given (the
     * passphrase; the recovery key if it was given too); the others are dropped and reported.
     */
    RotationReport rotate(String providerId, SyncListener listener);

    /**
     * Accepts the remote's keyring as it is now: after someone replaced it on purpose (started the
     * remote afresh), a device that synced before refuses it until told so. Unlocks it with a
     * secret and pins its key.
     */
    KeyringReport trust(String providerId);

    /**
     * A remote's keyring.
     *
     * @param remote        where it is
     * @param formatVersion its format version
     * @param keyId         the current vault key
     * @param created       when that key was made; empty for keyrings of version 1
     * @param methods       the ways to unlock it
     * @param rotation      a rotation in progress; empty if none
     * @param pinnedKeyId   the key this device pinned for the remote; empty if it never unlocked it
     */
    record KeyringReport(String remote, int formatVersion, String keyId, Optional<Instant> created,
                         List<Keyring.Method> methods, Optional<RotationProgress> rotation,
                         Optional<String> pinnedKeyId) {
        public KeyringReport {
            methods = List.copyOf(methods);
        }
    }

    /**
     * A rotation that has not finished.
     *
     * @param fromKeyId       the retiring key
     * @param toKeyId         the current key
     * @param filesLeft       partition files still sealed with the retiring key; -1 if not counted
     * @param files           partition files on the remote; -1 if not counted
     */
    record RotationProgress(String fromKeyId, String toKeyId, int filesLeft, int files) { }

    /**
     * What a rotation did.
     *
     * @param remote      where
     * @param fromKeyId   the key that was retired (or is retiring, if not finished)
     * @param toKeyId     the new key
     * @param resealed    partitions re-sealed by this call
     * @param failures    partitions that could not be re-sealed; the rotation is not finished then
     * @param finished    whether the old key was removed from the keyring
     * @param dropped     ways to unlock that no longer open the remote (their secret was not given)
     */
    record RotationReport(String remote, String fromKeyId, String toKeyId, int resealed,
                          List<PartitionFailure> failures, boolean finished, List<Keyring.Method.Kind> dropped) {
        public RotationReport {
            failures = List.copyOf(failures);
            dropped = List.copyOf(dropped);
        }
    }
}
