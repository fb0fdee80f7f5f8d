package io.tinywide.chatsync.core.port.out;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code keyring.json}, read but not yet unlocked: what it says in clear (the current key's id,
 * the ways to unlock it, a rotation in progress), and the operations that need its key. Made by
 * {@link VaultKeys#read}; implemented by {@code core.codec}.
 *
 * <p>Operations that change the keyring return the new file; the caller writes it with
 * compare-and-set. Each of them proves a secret first (the passphrase or the recovery key the
 * application gave), so a kept vault key alone cannot change how a remote is unlocked; a wrong one
 * is a {@link WrongPassphraseException} before anything is built.
 */
public interface Keyring {

    /** The format version of the file: 1 (passphrase only, read only) or 2. */
    int formatVersion();

    /** The id of the current vault key, which seals every file written from now on. */
    String keyId();

    /** When the current key was made; {@code null} for a keyring of version 1. */
    Instant created();

    /** The ways to unlock the current key. */
    List<Method> methods();

    /** The key a rotation in progress is replacing, whose files are still read; empty if none. */
    Optional<String> retiringKeyId();

    /** The ids of every key a rotation retired, oldest first. */
    List<String> retiredKeyIds();

    /**
     * Unlocks the current key with a secret: the recovery key if the application gave one and this
     * keyring has a recovery wrapping, else the passphrase. Derives a key (slow by design).
     *
     * @throws WrongPassphraseException if the secret does not unlock it
     */
    Unlocked unlock();

    /**
     * Unlocks the current key with a key the device kept, deriving nothing.
     *
     * @throws IllegalArgumentException if the kept key is not this keyring's current key
     */
    Unlocked unlock(byte[] keptVaultKey);

    /**
     * Whether the current key was rotated in, by records made with the pinned key, and if so the
     * verifier of the key those records lead to, which the caller compares with the verifier of the
     * key it then unlocks. Derives nothing: a keyring that merely claims a rotation is refused
     * before any passphrase is asked.
     */
    Optional<byte[]> rotationFrom(Pin pin);

    /**
     * This keyring with the passphrase wrapping replaced (or added) by one of a new passphrase,
     * under the best key derivation this build has; a keyring of version 1 becomes version 2.
     *
     * @param newPassphrase asked with {@link PassphraseSource.Purpose#NEW_PASSPHRASE}
     */
    byte[] withNewPassphrase(PassphraseSource newPassphrase);

    /** This keyring with a recovery wrapping of a new recovery key (replacing any earlier one). */
    WithRecovery withNewRecoveryKey();

    /**
     * This keyring without one way to unlock it.
     *
     * @throws IllegalStateException if it is the last one, or the keyring has no such method
     */
    byte[] without(Method.Kind kind);

    /**
     * A new current key: the current one becomes the retiring key (wrapped by the new one), a
     * record made with it vouches for the new one, and the new key is wrapped by every way to unlock
     * whose secret the application gave; the others are dropped.
     *
     * @throws IllegalStateException if a rotation is already in progress
     */
    Rotated rotated();

    /** This keyring without its retiring key: files still sealed with it are refused from now on. */
    byte[] withoutRetiringKey();

    /** A key and what it lets a device do. */
    interface Unlocked {
        /** Seals and opens the remote's files (reading the retiring key's too, while there is one). */
        VaultFormat format();

        /** The pin of this key. */
        Pin pin();

        /** The raw vault key, for a {@link DeviceKeyStore} to keep. */
        byte[] export();
    }

    /**
     * Which key a device uses with a remote.
     *
     * @param keyId    the key's id
     * @param verifier derived from the key, to check a rotation record made with it
     */
    record Pin(String keyId, byte[] verifier) {
        public Pin {
            Objects.requireNonNull(keyId, "keyId");
            verifier = verifier.clone();
        }

        @Override
        public byte[] verifier() {
            return verifier.clone();
        }

        /** Whether the key with this pin's verifier is the one a rotation led to. */
        public boolean matches(byte[] otherVerifier) {
            return java.security.MessageDigest.isEqual(verifier, otherVerifier);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pin p && keyId.equals(p.keyId) && Arrays.equals(verifier, p.verifier);
        }

        @Override
        public int hashCode() {
            return keyId.hashCode();
        }

        @Override
        public String toString() {
            return "Pin[" + keyId + "]";
        }
    }

    /**
     * One way to unlock the current key.
     *
     * @param kind    passphrase or recovery key
     * @param kdf     the key derivation and its parameters, as a person reads them
     * @param created when it was added; {@code null} in a keyring of version 1
     */
    record Method(Kind kind, String kdf, Instant created) {
        /** The kinds of secret that unlock a keyring. */
        public enum Kind {
            /** The user's passphrase, through a slow key derivation. */
            PASSPHRASE,
            /** A recovery key of 290 random bits, through HKDF. */
            RECOVERY;

            /** Its name in files and on the command line. */
            public String label() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /**
     * A keyring with a new recovery key, to be shown to the user once.
     *
     * @param keyring     the new file
     * @param recoveryKey the recovery key it was wrapped with
     */
    record WithRecovery(byte[] keyring, RecoveryKey recoveryKey) { }

    /**
     * A keyring with a new current key.
     *
     * @param keyring the new file
     * @param keyId   the new key's id
     * @param kept    the ways to unlock that wrap the new key
     * @param dropped the ways that were dropped, since their secret was not given
     */
    record Rotated(byte[] keyring, String keyId, List<Method.Kind> kept, List<Method.Kind> dropped) { }
}
