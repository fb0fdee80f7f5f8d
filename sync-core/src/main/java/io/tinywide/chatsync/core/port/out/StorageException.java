package io.tinywide.chatsync.core.port.out;

/**
 * The root of every error a {@link CloudStorage} throws. Providers translate their SDK's errors
 * into this small, fixed set and never leak SDK or HTTP exception types; the original is kept as
 * the {@linkplain #getCause() cause} for diagnosis.
 *
 * <p>A plain {@code StorageException} is a permanent failure that retrying will not fix (a missing
 * bucket, a malformed request). The subclasses say more.
 */
public sealed class StorageException extends RuntimeException
        permits PreconditionFailedException, AuthenticationException, TransientStorageException,
        QuotaExceededException, UnsupportedCapabilityException, ObjectTooLargeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same call may succeed later. */
    public boolean isRetryable() {
        return false;
    }
}
