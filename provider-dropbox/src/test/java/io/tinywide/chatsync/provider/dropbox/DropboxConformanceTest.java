package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.util.Map;
import java.util.Optional;

/**
 * provider-dropbox against the whole sync-tck kit, through the real Dropbox SDK to the fake over a
 * loopback socket. Listing pages are forced small ({@code listLimit=7}) so every multi-file rule
 * follows {@code list_folder/continue}; the kit's 24 MiB object goes through an upload session
 * (chunks of 8 MiB).
 */
class DropboxConformanceTest {
    static FakeAccount account;

    @BeforeAll
    static void start() {
        account = FakeAccount.start();
    }

    @AfterAll
    static void stop() {
        account.fake.close();
    }

    static CloudStorage open(String root) {
        return account.open(root, "listLimit", "7");
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected StorageProvider provider() {
            return new DropboxProvider();
        }

        /** Nothing listens at the endpoint. */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            return Optional.of(account.provider().open(new ProviderConfig("", "unreachable",
                    Map.of("endpoint", FakeAccount.closedEndpoint(), "retries", "1"))));
        }

        /** The fake refuses the token (and there is no refresh token to renew it with). */
        @Override
        protected Optional<CloudStorage> createUnauthorizedStorage() {
            return Optional.of(FakeAccount.provider(new DbxCredential("sl.not-a-token-the-fake-issued"))
                    .open(account.config("unauthorized")));
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
