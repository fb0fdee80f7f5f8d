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
 */
public record CodecOptions(long maxFileSize, long maxPlaintextSize, int kdfIterations) {
    private static final int WEAKEST_ACCEPTED_ITERATIONS = 100_000;

    /** 64 MiB files, 512 MiB bodies, 600,000 iterations. */
    public static final CodecOptions DEFAULTS =
            new CodecOptions(64L << 20, 512L << 20, KdfParams.DEFAULT_ITERATIONS);

    public CodecOptions {
        if (maxFileSize < 1 || maxPlaintextSize < 1 || kdfIterations < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxFileSize + ", " + maxPlaintextSize
                    + ", " + kdfIterations);
        }
    }

    /** These options with another iteration count; tests use a low one to stay fast. */
    public CodecOptions withKdfIterations(int iterations) {
        return new CodecOptions(maxFileSize, maxPlaintextSize, iterations);
    }

    /** These options with another file size limit. */
    public CodecOptions withMaxFileSize(long bytes) {
        return new CodecOptions(bytes, maxPlaintextSize, kdfIterations);
    }

    int minimumAcceptedIterations() {
        return Math.min(kdfIterations, WEAKEST_ACCEPTED_ITERATIONS);
    }
}
