package io.tinywide.chatsync.core.domain;

/**
 * Data that breaks the domain's invariants: the same message id with two different
 * {@code sentAt}s or conversations, or an entry placed in the wrong partition. Such data is never
 * merged silently, because either choice could move or lose a message.
 */
public final class VaultDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VaultDataException(String message) {
        super(message);
    }
}
