package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.out.VaultKeys;

/** The file format chatsync writes: canonical JSON in AES-256-GCM envelopes, passphrase keyring. */
final class DefaultFormat {
    private DefaultFormat() {
    }

    static VaultKeys keys(char[] passphrase) {
        return new PassphraseKeys(passphrase, CodecOptions.DEFAULTS);
    }
}
