package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * provider-s3 against the whole sync-tck kit, on a real S3 server (S3Proxy, in-process). Listing
 * pages are forced small ({@code pageSize=7}) so every multi-file rule crosses page boundaries.
 * S3Proxy honours If-Match but not atomically under concurrent writers, so this endpoint is
 * configured {@code conditionalWrites=non-atomic} and the race rule R4.5 is skipped, as declared.
 */
class S3ConformanceTest {
    static final String WRONG_SECRET = "not-the-secret-key";
    static S3ProxyServer server;
    static String bucket;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
        bucket = server.newBucket();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static CloudStorage open(String root) {
        return server.provider().open(server.config(bucket + "/devices", root, Map.of("pageSize", "7")));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected StorageProvider provider() {
            return new S3Provider();
        }

        /** Neither the real secret key nor the wrong one may show in a description or a message (R1.4). */
        @Override
        protected Set<String> secrets() {
            return Set.of(S3ProxyServer.SECRET_KEY, WRONG_SECRET);
        }

        /** The right endpoint with a wrong secret: every call is refused. */
        @Override
        protected Optional<CloudStorage> createUnauthorizedStorage() {
            return createUnreachableStorage();
        }

        /** The right endpoint with a wrong secret: every call is refused. */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            S3Provider wrongKey = new S3Provider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, WRONG_SECRET)));
            return Optional.of(wrongKey.open(server.config(bucket, "unreachable", Map.of())));
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
