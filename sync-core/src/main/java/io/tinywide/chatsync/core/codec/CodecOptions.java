package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.KdfParams;

/**
 * Limits and parameters of the file format.
 *
 * @param maxFileSize      the largest file accepted, checked before parsing
 * @param maxPlaintextSize the largest decompressed body accepted, so a small hostile file cannot
 *                         expand into gigabytes
 * @param kdfIterations    PBKDF2 iterations for new keyrings. A keyring is also accepted when read
 *                         only if it has at least {@code min(kdfIterations, 100,000)} iterations, so
 *                         a planted weak keyring is refused
 * @param newKdf           the key derivation that protects new passphrases; {@code null} for the
 *                         strongest this build has (Argon2id with {@code sync-argon2}, else PBKDF2)
 */
public record CodecOptions(long maxFileSize, long maxPlaintextSize, int kdfIterations, String newKdf) {
    private static final int WEAKEST_ACCEPTED_ITERATIONS = 100_000;

    /** 64 MiB files, 512 MiB bodies, 600,000 iterations. */
    public static final CodecOptions DEFAULTS =
            new CodecOptions(64L << 20, 512L << 20, KdfParams.DEFAULT_ITERATIONS, null);

    public CodecOptions {
        if (maxFileSize < 1 || maxPlaintextSize < 1 || kdfIterations < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxFileSize + ", " + maxPlaintextSize
                    + ", " + kdfIterations);
        }
    }

    /** Limits and a PBKDF2 cost, with PBKDF2 for new passphrases. */
    public CodecOptions(long maxFileSize, long maxPlaintextSize, int kdfIterations) {
        this(maxFileSize, maxPlaintextSize, kdfIterations, KdfParams.PBKDF2_SHA256);
    }

    /**
     * These options with PBKDF2 of another iteration count for new passphrases; tests use a low one
     * to stay fast.
     */
    public CodecOptions withKdfIterations(int iterations) {
        return new CodecOptions(maxFileSize, maxPlaintextSize, iterations, KdfParams.PBKDF2_SHA256);
    }

    /** These options with another file size limit. */
    public CodecOptions withMaxFileSize(long bytes) {
        return new CodecOptions(bytes, maxPlaintextSize, kdfIterations, newKdf);
    }

    int minimumAcceptedIterations() {
        return Math.min(kdfIterations, WEAKEST_ACCEPTED_ITERATIONS);
    }
}
