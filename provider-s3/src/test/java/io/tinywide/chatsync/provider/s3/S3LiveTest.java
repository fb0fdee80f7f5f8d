package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.util.UUID;

/**
 * The same kit against a live S3-compatible bucket, when one is configured:
 * {@code CHATSYNC_S3_LIVE_URI=s3://bucket/prefix?region=...} plus the SDK's usual credentials
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE}). Each run works
 * under a fresh folder of that prefix.
 */
@EnabledIfEnvironmentVariable(named = "CHATSYNC_S3_LIVE_URI", matches = "s3://.+",
        disabledReason = "no live bucket: set CHATSYNC_S3_LIVE_URI=s3://bucket/prefix and AWS credentials to run")
class S3LiveTest {
    private static final String RUN = "chatsync-live-" + UUID.randomUUID().toString().substring(0, 8);

    static CloudStorage open(String root) {
        URI uri = URI.create(System.getenv("CHATSYNC_S3_LIVE_URI"));
        return new S3Provider().open(ProviderConfig.fromUri(uri, RUN + "/" + root));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected int entriesBeyondOnePage() {
            return 1_050; // S3 pages hold 1,000 keys
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
