package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.JsonMessageLines;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.VaultKeys;

/** The file format chatsync writes: canonical JSON in AES-256-GCM envelopes, a keyring of passphrase and recovery key. */
final class DefaultFormat {
    private DefaultFormat() {
    }


    static VaultKeys keys(PassphraseSource source, int kdfIterations) {
        return new PassphraseKeys(source, CodecOptions.DEFAULTS.withKdfIterations(kdfIterations));
    }

    /**
     * @param kdfIterations PBKDF2 iterations for new passphrases; null for the strongest key
     *                      derivation this build has (Argon2id when {@code sync-argon2} is present)
     */
    static VaultKeys keys(PassphraseSource source, RecoveryKey recoveryKey, Integer kdfIterations) {
        return new PassphraseKeys(source, recoveryKey, kdfIterations == null ? CodecOptions.DEFAULTS
                : CodecOptions.DEFAULTS.withKdfIterations(kdfIterations));
    }

    static MessageLines messageLines() {
        return new JsonMessageLines();
    }
}
