package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import io.tinywide.chatsync.tck.rules.Scratch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The same kit against a live S3-compatible bucket, when one is configured:
 * {@code CHATSYNC_S3_LIVE_URI=s3://bucket/prefix?region=...} plus the SDK's usual credentials
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE}). Each run works
 * under a fresh folder of that prefix, and each test deletes the roots it used (the kit's cleanup hook).
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

        @Override
        protected int raceRounds() {
            return 10; // round trips to a real service widen every race window anyway
        }

        @Override
        protected Set<String> secrets() {
            return Stream.of(System.getenv("AWS_SECRET_ACCESS_KEY"), System.getenv("AWS_SESSION_TOKEN"))
                    .filter(v -> v != null && !v.isBlank()).collect(Collectors.toSet());
        }

        @Override
        protected void cleanUp(List<String> roots) throws Exception {
            for (String root : roots) {
                try (CloudStorage s = open(root)) {
                    Scratch.removeEverything(s);
                }
            }
        }
    }

    @Nested
    class Engine extends EngineConformanceVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected void cleanUp(String root) throws Exception {
            try (CloudStorage s = open(root)) {
                Scratch.removeEverything(s);
            }
        }
    }
}
