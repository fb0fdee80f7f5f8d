package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.JsonMessageLines;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.VaultKeys;

/** The file format chatsync writes: canonical JSON in AES-256-GCM envelopes, passphrase keyring. */
final class DefaultFormat {
    private DefaultFormat() {
    }

    /** PBKDF2 iterations of a new keyring unless the builder is told otherwise. */
    static final int KEY_DERIVATION_ITERATIONS = CodecOptions.DEFAULTS.kdfIterations();

    static VaultKeys keys(PassphraseSource source, int kdfIterations) {
        return new PassphraseKeys(source, CodecOptions.DEFAULTS.withKdfIterations(kdfIterations));
    }

    static MessageLines messageLines() {
        return new JsonMessageLines();
    }
}
