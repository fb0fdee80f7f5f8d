package io.tinywide.chatsync.core.port.in;

/**
 * Checks a remote without changing it: unlocks its keyring, decrypts and verifies every vault and
 * manifest, and checks that each manifest describes its vault. Needs no device store, so a new
 * machine can check a remote before it syncs.
 */
public interface RemoteVerifier {

    /**
     * Verifies every file of a remote. Files that cannot be read or decoded are reported, never
     * thrown; only what stops the whole check is thrown.
     *
     * @param providerId the id of a configured remote's provider
     * @return one check per file
     * @throws IllegalArgumentException if no remote with this id is configured
     * @throws io.tinywide.chatsync.core.port.out.WrongPassphraseException if the passphrase does not
     *         unlock the keyring
     * @throws io.tinywide.chatsync.core.port.out.StorageException if the remote cannot be listed or
     *         its keyring read
     */
    VerificationReport verify(String providerId);
}
