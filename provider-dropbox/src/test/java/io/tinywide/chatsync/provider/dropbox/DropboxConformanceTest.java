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
import java.util.Set;

/**
 * provider-dropbox against the whole sync-tck kit, through the real Dropbox SDK to the fake over a
 * loopback socket. Listing pages are forced small ({@code listLimit=7}) so every multi-file rule
 * follows {@code list_folder/continue}; the kit's 24 MiB object goes through an upload session
 * (chunks of 8 MiB).
 */
class DropboxConformanceTest {
    /** An access token the fake never issued, for the unauthorized storage. */
    private static final String NEVER_ISSUED = "sl.not-a-token-the-fake-issued";

    static FakeAccount account;
    /** The one grant every storage of the run is opened with, so that R1.4 knows its tokens. */
    static DbxCredential credential;

    @BeforeAll
    static void start() {
        account = FakeAccount.start();
        credential = account.credential();
    }

    @AfterAll
    static void stop() {
        account.fake.close();
    }

    static CloudStorage open(String root) {
        return FakeAccount.provider(credential).open(account.config(root, "listLimit", "7"));
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

        /**
         * The grant's access and refresh tokens, the app key (a PKCE app has no app secret) and the
         * unauthorized storage's token never show in a description or a message (R1.4).
         */
        @Override
        protected Set<String> secrets() {
            return Set.of(credential.getAccessToken(), credential.getRefreshToken(), credential.getAppKey(),
                    NEVER_ISSUED);
        }

        /** Nothing listens at the endpoint. */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() {
            return Optional.of(FakeAccount.provider(credential).open(new ProviderConfig("", "unreachable",
                    Map.of("endpoint", FakeAccount.closedEndpoint(), "retries", "1"))));
        }

        /** The fake refuses the token (and there is no refresh token to renew it with). */
        @Override
        protected Optional<CloudStorage> createUnauthorizedStorage() {
            return Optional.of(FakeAccount.provider(new DbxCredential(NEVER_ISSUED))
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
