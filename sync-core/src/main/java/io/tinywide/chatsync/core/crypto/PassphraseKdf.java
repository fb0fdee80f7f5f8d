package io.tinywide.chatsync.core.crypto;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;

/** Derives the key that wraps the vault key from the user's passphrase. */
public final class PassphraseKdf {
    private PassphraseKdf() {
    }

    /**
     * Derives a 256-bit key.
     *
     * @throws IllegalArgumentException if the function named in the parameters is unknown
     */
    public static SecretBytes derive(char[] passphrase, KdfParams params) {
        if (!KdfParams.PBKDF2_SHA256.equals(params.name())) {
            throw new IllegalArgumentException("unknown key derivation function '" + params.name() + "'");
        }
        PBEKeySpec spec = new PBEKeySpec(passphrase, params.salt(), params.iterations(), SecretBytes.LENGTH * 8);
        try {
            return SecretBytes.of(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("PBKDF2WithHmacSHA256 failed: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Encrypts a vault key under a wrapping key, binding the associated data. */
    public static byte[] wrap(SecretBytes wrappingKey, byte[] nonce, byte[] associatedData, SecretBytes vaultKey) {
        return Aead.seal(wrappingKey, nonce, associatedData, vaultKey.exportForWrapping());
    }

    /**
     * Decrypts a wrapped vault key.
     *
     * @throws CryptoException if the wrapping key is wrong or the keyring was altered
     */
    public static SecretBytes unwrap(SecretBytes wrappingKey, byte[] nonce, byte[] associatedData, byte[] wrapped) {
        return SecretBytes.of(Aead.open(wrappingKey, nonce, associatedData, wrapped));
    }
}
