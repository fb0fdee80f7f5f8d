package io.tinywide.chatsync.core.port.out;

/**
 * Creates and unlocks the remote keyring ({@code keyring.json}): a random vault key wrapped by a
 * key derived from the user's passphrase. Implemented by {@code core.codec} with {@code core.crypto}.
 */
public interface VaultKeys {

    /** The largest keyring file read: a keyring is a few hundred bytes. */
    long MAX_KEYRING_BYTES = 64 * 1024;

    /** A new keyring file holding a fresh random vault key, wrapped with the passphrase. */
    byte[] newKeyring();

    /**
     * Unwraps the vault key of a keyring file.
     *
     * @throws WrongPassphraseException if the passphrase does not unlock it
     * @throws FileFormatException      if the file is not a keyring this build understands
     */
    VaultFormat unlock(String path, byte[] keyringFile);
}
