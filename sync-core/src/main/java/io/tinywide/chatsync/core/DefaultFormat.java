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

    static VaultKeys keys(char[] passphrase) {
        return new PassphraseKeys(passphrase, CodecOptions.DEFAULTS);
    }

    static VaultKeys keys(PassphraseSource source) {
        return new PassphraseKeys(source, CodecOptions.DEFAULTS);
    }

    static MessageLines messageLines() {
        return new JsonMessageLines();
    }
}
