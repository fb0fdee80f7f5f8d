package io.tinywide.chatsync.core.crypto;

import java.util.Objects;

/**
 * How a key is derived from the passphrase, recorded in the keyring so that a stronger function
 * can be added later without breaking existing keyrings. Only PBKDF2-HMAC-SHA256 exists today.
 *
 * @param name       the function's name, {@value #PBKDF2_SHA256}
 * @param iterations its iteration count
 * @param salt       its random salt
 */
public record KdfParams(String name, int iterations, byte[] salt) {
    /** PBKDF2 with HMAC-SHA256. */
    public static final String PBKDF2_SHA256 = "PBKDF2-HMAC-SHA256";
    /** The iteration count for new keyrings (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Salt length for new keyrings. */
    public static final int SALT_LENGTH = 16;

    public KdfParams {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        salt = salt.clone();
    }

    /** Fresh PBKDF2 parameters with a random salt. */
    public static KdfParams pbkdf2(int iterations) {
        return new KdfParams(PBKDF2_SHA256, iterations, SecretBytes.randomBytes(SALT_LENGTH));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KdfParams k && name.equals(k.name) && iterations == k.iterations
                && java.util.Arrays.equals(salt, k.salt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, iterations, java.util.Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
        return name + "(" + iterations + " iterations)";
    }
}
