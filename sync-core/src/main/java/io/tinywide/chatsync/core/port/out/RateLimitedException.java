package io.tinywide.chatsync.core.port.out;

import java.time.Duration;
import java.util.Optional;

/** The storage is throttling this client; wait at least {@link #retryAfter()} before trying again. */
public final class RateLimitedException extends TransientStorageException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * @param retryAfter the server's Retry-After, or {@code null} if it gave none
     */
    public RateLimitedException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
