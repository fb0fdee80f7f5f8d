package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.MANIFEST_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.VAULT_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.decodeOrClearError;

/**
 * Any bytes at all, as a vault file and as a manifest file of January 2024: what a hostile storage
 * can put at those paths without the key. The envelope's header decoder sees every input; almost
 * none passes AES-GCM, which is the point ({@link SealedEnvelopeFuzzTest} reaches past it).
 */
class RemoteFileFuzzTest {
    @FuzzTest
    void remoteFile(byte[] file) throws Exception {
        FuzzInput.fuzz(file, () -> {
            decodeOrClearError(VAULT_PATH, () -> FORMAT.openVault(VAULT_PATH, JAN, file));
            decodeOrClearError(MANIFEST_PATH, () -> FORMAT.openManifest(MANIFEST_PATH, JAN, file));
        });
    }
}
