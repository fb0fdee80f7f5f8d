package io.tinywide.chatsync.core.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.fuzz.FuzzInput;

import static io.tinywide.chatsync.core.codec.FuzzFixtures.FORMAT;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.JAN;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.KEY;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.MANIFEST_PATH;
import static io.tinywide.chatsync.core.codec.FuzzFixtures.decodeOrClearError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as the plaintext body of an authentic manifest file of January 2024 (generation 1 in
 * its header), past AES-GCM and gzip. A manifest that decodes is written back and read again equal.
 */
class ManifestBodyFuzzTest {
    @FuzzTest
    void manifestBody(byte[] body) throws Exception {
        FuzzInput.fuzz(body, () -> {
            byte[] file = Envelope.seal(KEY, "manifest", JAN, 1, FuzzFixtures.deflate(body));
            decodeOrClearError(MANIFEST_PATH, () -> FORMAT.openManifest(MANIFEST_PATH, JAN, file)).ifPresent(manifest -> {
                assertThat(manifest.partition()).isEqualTo(JAN);
                assertThat(manifest.generation()).isEqualTo(1);
                VaultManifest again = FORMAT.openManifest(MANIFEST_PATH, JAN, FORMAT.sealManifest(manifest));
                assertThat(again).isEqualTo(manifest);
            });
        });
    }
}
