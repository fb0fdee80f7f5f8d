package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.out.VaultKeys;

/** The real keyring format with a cheap KDF, so engine tests stay fast. */
final class TestKeys {
    private TestKeys() {
    }

    static VaultKeys of(String passphrase) {
        return new PassphraseKeys(passphrase.toCharArray(), CodecOptions.DEFAULTS.withKdfIterations(1_000));
    }
}
