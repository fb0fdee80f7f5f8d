package io.tinywide.chatsync.provider.gdrive;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * provider-gdrive against the whole sync-tck kit, through the real Drive client and google-auth-library,
 * on the fake Drive served over a loopback socket. Listing pages are forced small ({@code pageSize=7})
 * so that every multi-file rule crosses page boundaries. Drive declares no atomic compare-and-set and
 * no unique paths, so the kit holds it to the versioned-storage rules instead.
 */
class GDriveConformanceTest {
    static FakeAccount account;

    @BeforeAll
    static void start() throws Exception {
        account = FakeAccount.start();
    }

    @AfterAll
    static void stop() {
        account.close();
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return account.open(root, Map.of("pageSize", "7"));
        }

        @Override
        protected StorageProvider provider() {
            return new GDriveProvider();
        }

        /** The OAuth client secret and the refresh tokens never show in a description or a message (R1.4). */
        @Override
        protected Set<String> secrets() {
            return Set.of(account.drive.clientSecret(), account.refreshToken, FakeAccount.NEVER_ISSUED);
        }

        /** A refresh token Google never issued (or revoked): the token endpoint refuses it. */
        @Override
        protected Optional<CloudStorage> createUnauthorizedStorage() {
            return Optional.of(account.openUnauthorized("unauthorized"));
        }

        /** A closed loopback port. */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() throws Exception {
            return Optional.of(FakeAccount.openUnreachable(account.credentials));
        }
    }

    @Nested
    class Engine extends EngineConformanceVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return account.open(root, Map.of("pageSize", "7"));
        }
    }
}
