package io.tinywide.chatsync.core.port.out;

/**
 * Creates and reads the remote keyring ({@code keyring.json}): a random vault key wrapped by keys
 * derived from the user's secrets (the passphrase, a recovery key). Implemented by
 * {@code core.codec} with {@code core.crypto}.
 */
public interface VaultKeys {

    /** The largest keyring file read: a keyring is a few hundred bytes, a little more per rotation. */
    long MAX_KEYRING_BYTES = 64 * 1024;

    /** A new keyring file holding a fresh random vault key, wrapped with the passphrase. */
    byte[] newKeyring();

    /**
     * Reads a keyring file without unlocking it: nothing is derived yet.
     *
     * @throws FileFormatException if the file is not a keyring this build understands, asks for a
     *                             key derivation this build lacks, or for parameters out of range
     */
    Keyring read(String path, byte[] keyringFile);

    /**
     * Unwraps the vault key of a keyring file with a secret.
     *
     * @throws WrongPassphraseException if the secret does not unlock it
     * @throws FileFormatException      if the file is not a keyring this build understands
     */
    default VaultFormat unlock(String path, byte[] keyringFile) {
        return read(path, keyringFile).unlock().format();
    }
}
