package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The same kit against a live Dropbox app folder, when an authorization is given:
 * {@code CHATSYNC_DROPBOX_LIVE_CREDENTIAL=FILE}, a credential file written by
 * {@code chatsync auth dropbox}. Each run works under a fresh folder {@code /chatsync-live-XXXXXXXX}
 * of the app folder; listings are paged by 50 so the kit crosses pages.
 */
@EnabledIfEnvironmentVariable(named = "CHATSYNC_DROPBOX_LIVE_CREDENTIAL", matches = ".+",
        disabledReason = "no live Dropbox: run 'chatsync auth dropbox', then set CHATSYNC_DROPBOX_LIVE_CREDENTIAL "
                + "to the credential file it wrote")
class DropboxLiveTest {
    private static final String RUN = "chatsync-live-" + UUID.randomUUID().toString().substring(0, 8);

    static CloudStorage open(String root) {
        return new DropboxProvider().open(new ProviderConfig("/" + RUN, root, Map.of(
                "credential", System.getenv("CHATSYNC_DROPBOX_LIVE_CREDENTIAL"), "listLimit", "50")));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        /** The stored grant's tokens and the app key never show in a description or a message (R1.4). */
        @Override
        protected Set<String> secrets() {
            DbxCredential stored = CredentialFile.load(Path.of(System.getenv("CHATSYNC_DROPBOX_LIVE_CREDENTIAL")));
            return Stream.of(stored.getAccessToken(), stored.getRefreshToken(), stored.getAppKey(),
                    stored.getAppSecret()).filter(v -> v != null && !v.isBlank()).collect(Collectors.toSet());
        }
    }

    @Nested
    class Engine extends EngineConformanceVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }
    }
}
