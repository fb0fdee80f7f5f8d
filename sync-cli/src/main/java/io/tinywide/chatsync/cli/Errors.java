package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.store.DeviceStoreException;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.port.in.KeyringReplacedException;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;

/** Turns an exception into the one line a user reads on stderr. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof WrongPassphraseException || e instanceof FileFormatException || e instanceof UserError
                || e instanceof KeyringReplacedException
                || e instanceof DeviceStoreException || e instanceof VaultDataException
                || e instanceof IllegalArgumentException) {
            return e.getMessage(); // these messages already say what failed, where, and what to do
        }
        if (e instanceof StorageException s) {
            return "storage error: " + s.getMessage() + (s.isRetryable() ? " (try again later)" : "");
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                + " (run with --verbose for details)";
    }

    /** A mistake of the user's that the message alone explains; no stack trace is useful. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}
