package io.tinywide.chatsync.core.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag, on the JDK's own provider. The associated
 * data is authenticated but not encrypted: chatsync passes each file's readable header, so the
 * header cannot be changed without the tag failing.
 */
public final class Aead {
    /** The cipher's name as recorded in files. */
    public static final String CIPHER = "AES-256-GCM";
    /** Nonce length in bytes. */
    public static final int NONCE_LENGTH = 12;
    /** Tag length in bytes, appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private Aead() {
    }

    /** A fresh random nonce; never reuse one with the same key. */
    public static byte[] newNonce() {
        return SecretBytes.randomBytes(NONCE_LENGTH);
    }

    /** Encrypts and authenticates. */
    public static byte[] seal(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        return run(Cipher.ENCRYPT_MODE, key, nonce, associatedData, plaintext);
    }

    /**
     * Verifies and decrypts.
     *
     * @throws CryptoException if the ciphertext, the associated data or the key do not match
     */
    public static byte[] open(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] ciphertext) {
        return run(Cipher.DECRYPT_MODE, key, nonce, associatedData, ciphertext);
    }

    private static byte[] run(int mode, SecretBytes key, byte[] nonce, byte[] aad, byte[] input) {
        if (nonce.length != NONCE_LENGTH) {
            throw new CryptoException("nonce must be " + NONCE_LENGTH + " bytes, not " + nonce.length, null);
        }
        if (mode == Cipher.DECRYPT_MODE && input.length < TAG_LENGTH) {
            // The JDK would throw a ProviderException (ShortBufferException) rather than a bad tag.
            throw new CryptoException("authentication failed: " + input.length + " bytes cannot hold the "
                    + TAG_LENGTH + "-byte tag", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key.raw(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CryptoException("authentication failed: the data was altered or sealed with another key", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM failed: " + e.getMessage(), e);
        }
    }
}
