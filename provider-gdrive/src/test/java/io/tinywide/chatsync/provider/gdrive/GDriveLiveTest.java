package io.tinywide.chatsync.provider.gdrive;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.Map;
import java.util.UUID;

/**
 * The same kit against a real Google Drive account, when an authorization is given:
 * {@code CHATSYNC_GDRIVE_LIVE_CREDENTIALS=FILE}, the file {@code chatsync auth gdrive} wrote. Each run
 * works under a fresh folder of the account's appDataFolder.
 */
@EnabledIfEnvironmentVariable(named = "CHATSYNC_GDRIVE_LIVE_CREDENTIALS", matches = ".+",
        disabledReason = "no live Google account: run 'chatsync auth gdrive', then set "
                + "CHATSYNC_GDRIVE_LIVE_CREDENTIALS to the credentials file it wrote")
class GDriveLiveTest {
    private static final String RUN = "chatsync-live-" + UUID.randomUUID().toString().substring(0, 8);

    static CloudStorage open(String root) {
        return new GDriveProvider().open(new ProviderConfig("", RUN + "/" + root,
                Map.of("credentials", System.getenv("CHATSYNC_GDRIVE_LIVE_CREDENTIALS"))));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected int entriesBeyondOnePage() {
            return 1_050; // Drive pages hold up to 1,000 files
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
