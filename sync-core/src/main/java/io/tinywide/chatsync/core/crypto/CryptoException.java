package io.tinywide.chatsync.core.crypto;

/**
 * A cipher operation failed: for {@link Aead#open} the ciphertext, its associated data or the key
 * do not match (tampering or another key); otherwise the JDK lacks an algorithm it must have.
 */
public final class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
