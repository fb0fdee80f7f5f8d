package io.tinywide.chatsync.core.port.out;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device keeps of each remote's keys between runs: the <em>pin</em> (which vault key it uses
 * with that remote), and, unless the device opted out, the unlocked vault key itself, so that a sync
 * needs no passphrase and derives nothing once the device has unlocked the remote.
 *
 * <p>Keeping the key exposes nothing new where the device already holds the history in clear (an
 * app's database, chatsync's SQLite store, readable by the user only). A store that must not keep
 * secrets saves {@link KeptKey#withoutKey()} instead: the pin stays, and the passphrase is asked once
 * per process. An application that holds the key in its own secure storage (a platform keystore)
 * implements this port over it; that is how it supplies the unlocked key itself.
 *
 * <p>Remotes are told apart by {@link CloudStorage#describe()}, as in {@link SyncStateStore}; the
 * method names differ from that port's, so one class of an application's database can be both.
 * Implementations are safe for use by several threads.
 */
public interface DeviceKeyStore {

    /** What the device keeps for the remote; empty if it never unlocked it. */
    Optional<KeptKey> kept(String remote);

    /** Replaces what the device keeps for the remote, atomically. */
    void keep(String remote, KeptKey key);

    /**
     * One remote's pin and key.
     *
     * @param keyId           the pinned vault key's id: a keyring whose current key differs is refused
     *                        unless a rotation made with this key leads to it
     * @param verifier        derived from the pinned key (not the key): checks a rotation record
     * @param keyringRevision the revision of {@code keyring.json} the key was last seen in
     * @param keyring         that keyring file, so an unchanged keyring need not be read again
     * @param vaultKey        the unlocked vault key, as {@link VaultKeys} exported it; {@code null}
     *                        when the device keeps only the pin
     */
    record KeptKey(String keyId, byte[] verifier, Revision keyringRevision, byte[] keyring, byte[] vaultKey) {
        public KeptKey {
            Objects.requireNonNull(keyId, "keyId");
            verifier = Objects.requireNonNull(verifier, "verifier").clone();
            keyring = keyring == null ? null : keyring.clone();
            vaultKey = vaultKey == null ? null : vaultKey.clone();
        }

        /** The pin alone, without the key: what a device that opted out keeps. */
        public KeptKey withoutKey() {
            return new KeptKey(keyId, verifier, keyringRevision, keyring, null);
        }

        /** The pin of this key. */
        public Keyring.Pin pin() {
            return new Keyring.Pin(keyId, verifier);
        }

        @Override
        public byte[] verifier() {
            return verifier.clone();
        }

        @Override
        public byte[] keyring() {
            return keyring == null ? null : keyring.clone();
        }

        @Override
        public byte[] vaultKey() {
            return vaultKey == null ? null : vaultKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeptKey k && keyId.equals(k.keyId) && Arrays.equals(verifier, k.verifier)
                    && Objects.equals(keyringRevision, k.keyringRevision) && Arrays.equals(keyring, k.keyring)
                    && Arrays.equals(vaultKey, k.vaultKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, keyringRevision);
        }

        @Override
        public String toString() {
            return "KeptKey[" + keyId + " at " + keyringRevision + (vaultKey == null ? ", pin only" : ", key kept")
                    + "]";
        }
    }
}
