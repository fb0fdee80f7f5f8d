package io.tinywide.chatsync.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A 256-bit symmetric key: the vault key, or a key derived from a passphrase. Never printed.
 */
public final class SecretBytes {
    /** Key length in bytes (AES-256). */
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key is " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A fresh random key. */
    public static SecretBytes random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new SecretBytes(b);
    }

    /** A key from raw bytes (copied), such as an unwrapped vault key. */
    public static SecretBytes of(byte[] raw) {
        return new SecretBytes(raw);
    }

    /** Random bytes for salts and nonces. */
    public static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A short public id of this key (a truncated hash), so files can say which key sealed them. */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "k" + HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 is missing from this JDK", e);
        }
    }

    byte[] raw() {
        return bytes.clone();
    }

    /**
     * A key derived from this one for another use ({@code label} names the use), such as the
     * verifier of a vault key that a device keeps to check a key rotation, without the key itself.
     */
    public SecretBytes derive(String label) {
        return new SecretBytes(Hkdf.label(bytes, label));
    }

    /**
     * The raw key, for a device that keeps its unlocked vault key in its own store (0600, beside the
     * history it already holds in clear). Never for logs or remote files.
     */
    public byte[] exportForKeeping() {
        return raw();
    }

    /** The raw key, for wrapping it under another key. */
    byte[] exportForWrapping() {
        return raw();
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
