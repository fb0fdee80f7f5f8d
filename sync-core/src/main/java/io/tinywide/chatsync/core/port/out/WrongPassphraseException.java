package io.tinywide.chatsync.core.port.out;

/** The passphrase does not unlock the remote's keyring. Nothing was read or written beyond it. */
public final class WrongPassphraseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
