package io.tinywide.chatsync.core.port.in;

/**
 * The remote's keyring holds another vault key than the one this device pinned, and no rotation
 * made with the pinned key leads to it: someone replaced {@code keyring.json}, or started another
 * history on the remote. Nothing was written. Accept it deliberately with
 * {@link KeyManagement#trust(String)} (on the command line, {@code chatsync key trust}).
 */
public final class KeyringReplacedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remote;
    private final String pinnedKeyId;
    private final String foundKeyId;

    public KeyringReplacedException(String remote, String pinnedKeyId, String foundKeyId) {
        super("the keyring on " + remote + " now holds key " + foundKeyId + ", but this device used key " + pinnedKeyId
                + " with it, and no key rotation made with that key leads to the new one: someone replaced "
                + "keyring.json, or started another history there. Nothing was written. If that was done on purpose, "
                + "accept the new keyring with `chatsync key trust` (KeyManagement.trust); otherwise put the old "
                + "keyring.json back from a backup or another copy of the remote");
        this.remote = remote;
        this.pinnedKeyId = pinnedKeyId;
        this.foundKeyId = foundKeyId;
    }

    /** The remote, as {@code CloudStorage.describe()} names it. */
    public String remote() {
        return remote;
    }

    /** The key this device used with the remote. */
    public String pinnedKeyId() {
        return pinnedKeyId;
    }

    /** The key the remote's keyring holds now. */
    public String foundKeyId() {
        return foundKeyId;
    }
}
