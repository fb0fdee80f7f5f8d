package io.tinywide.chatsync.core.port.out;

/** The account or bucket is full; nothing more can be written until space is freed. */
public final class QuotaExceededException extends StorageException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
