package io.tinywide.chatsync.core.port.out;

/**
 * The storage refused the credentials or the permission (expired token, wrong key, no access to
 * the bucket or folder). The message says which credentials were used and where to fix them.
 */
public final class AuthenticationException extends StorageException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
