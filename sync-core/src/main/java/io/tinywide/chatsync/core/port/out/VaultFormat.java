package io.tinywide.chatsync.core.port.out;

import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;

/**
 * Turns vaults and manifests into the encrypted remote files of one keyring and back. Implemented
 * by {@code core.codec}; the engine needs nothing of JSON or ciphers beyond this.
 */
public interface VaultFormat {

    /**
     * The largest vault or manifest file this format writes and reads. The engine reads no more than
     * this of a remote file, so a huge or hostile one cannot exhaust memory.
     */
    long maxFileSize();

    /** The id of the key that seals every file this format writes. */
    String keyId();

    /**
     * The id of the key that sealed a file, from its readable header, without decrypting it: how a
     * key rotation finds the files still sealed with the retiring key.
     *
     * @throws FileFormatException if the file has no readable header
     */
    String keyIdOf(String path, byte[] file);

    /** The encrypted file of a vault at a generation. */
    SealedVault sealVault(ChatVault vault, long generation);

    /**
     * Decrypts, verifies and decodes a vault file.
     *
     * @param path     the path it was read from, for messages
     * @param expected the partition the path says it holds
     * @throws FileFormatException if it is corrupt, tampered, of an unknown version, of another
     *                             partition or kind, or too large
     */
    OpenedVault openVault(String path, PartitionKey expected, byte[] file);

    /** The encrypted file of a manifest. */
    byte[] sealManifest(VaultManifest manifest);

    /**
     * Decrypts, verifies and decodes a manifest file.
     *
     * @throws FileFormatException as for {@link #openVault}
     */
    VaultManifest openManifest(String path, PartitionKey expected, byte[] file);

    /**
     * An encrypted vault file.
     *
     * @param bytes  the file
     * @param digest SHA-256 of the canonical plaintext, hex
     */
    record SealedVault(byte[] bytes, String digest) { }

    /**
     * A decoded vault file.
     *
     * @param vault      its content
     * @param generation its generation
     * @param digest     SHA-256 of its canonical plaintext, hex
     */
    record OpenedVault(ChatVault vault, long generation, String digest) { }
}
