package io.tinywide.chatsync.cli.store;

/** The device's SQLite file cannot be opened or used; the message names the file and what to do. */
public final class DeviceStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeviceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
