package io.tinywide.chatsync.core.port.out;

/**
 * A failure that may pass if the call is repeated later: a timeout, a dropped connection, a 5xx
 * answer. Providers have already retried with their SDK's back-off before throwing this.
 */
public sealed class TransientStorageException extends StorageException permits RateLimitedException {
    private static final long serialVersionUID = 1L;

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
