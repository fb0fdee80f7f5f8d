package io.tinywide.chatsync.core.port.out;

/**
 * Where the user's passphrase comes from: asked only when a key must be derived from it, that is
 * when a remote's keyring is unlocked or a new one is created, and at most once per purpose. So an
 * application can prompt lazily (a terminal, a dialog), and ask twice to confirm a passphrase that
 * is about to protect a new keyring.
 */
@FunctionalInterface
public interface PassphraseSource {

    /**
     * The passphrase. The caller copies it and may clear the array.
     *
     * @param purpose why it is needed
     * @throws RuntimeException with a message for the user if there is none (nothing is written then)
     */
    char[] passphrase(Purpose purpose);

    /** Why the passphrase is needed. */
    enum Purpose {
        /** To unlock an existing keyring: a wrong passphrase is refused by the keyring itself. */
        UNLOCK,
        /** To protect a new keyring: nothing can check it later, so an interactive source confirms it. */
        NEW_KEYRING,
        /** The new passphrase of a passphrase change: as for a new keyring, an interactive source confirms it. */
        NEW_PASSPHRASE
    }
}
