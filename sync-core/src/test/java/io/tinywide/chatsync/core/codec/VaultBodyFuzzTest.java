package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.port.out.VaultFormat.OpenedVault;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEY;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.VAULT_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.decodeOrClearError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as the plaintext body of an authentic vault file of January 2024: sealed with the vault
 * key, so the fuzzer reaches the body decoder behind AES-GCM and DEFLATE, as a buggy or malicious
 * device that holds the key could. A vault that decodes must also be written back by this build and
 * read again as the same vault: the reader accepts nothing that the writer cannot keep.
 */
class VaultBodyFuzzTest {
    @FuzzTest
    void vaultBody(byte[] body) throws Exception {
        FuzzInput.fuzz(body, () -> {
            byte[] file = Envelope.seal(KEY, "vault", JAN, 1, FuzzFixtures.deflate(body));
            decodeOrClearError(VAULT_PATH, () -> FORMAT.openVault(VAULT_PATH, JAN, file)).ifPresent(opened -> {
                ChatVault vault = opened.vault();
                assertThat(vault.partition()).isEqualTo(JAN);
                OpenedVault again = FORMAT.openVault(VAULT_PATH, JAN, FORMAT.sealVault(vault, 2).bytes());
                assertThat(again.vault()).isEqualTo(vault);
            });
        });
    }
}
