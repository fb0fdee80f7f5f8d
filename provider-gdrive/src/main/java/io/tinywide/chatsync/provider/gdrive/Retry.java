package io.tinywide.chatsync.provider.gdrive;

import java.time.Duration;

/**
 * How often and how patiently a Drive call is repeated after a rate limit (403
 * {@code rateLimitExceeded}/{@code userRateLimitExceeded}, 429), a server error (5xx) or a broken
 * connection: exponential back-off with jitter, as Drive's documentation asks, bounded in attempts.
 *
 * @param attempts how many times a call is made at most (1 = never repeated)
 * @param initial  the first wait; each later one is up to twice as long
 * @param max      the longest single wait
 */
record Retry(int attempts, Duration initial, Duration max) {
    /** Google's advice: start near a second, double, cap at 32 seconds; six attempts span about half a minute. */
    static final Retry DEFAULT = new Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(32));

    Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }
}
