package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.fake.dropbox.Fault;
import io.tinywide.chatsync.fake.dropbox.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the kit cannot provoke: Dropbox's own failures, injected into the fake and seen through the
 * real SDK. Throttling is retried as {@code Retry-After} says, then reported; a full account, a
 * revoked grant and path errors are what they are, never an absent file.
 */
class DropboxStorageTest {
    static FakeAccount account;

    @BeforeAll
    static void start() {
        account = FakeAccount.start();
    }

    @AfterAll
    static void stop() {
        account.fake.close();
    }

    @AfterEach
    void clearFaults() {
        account.fake.clearFaults();
        account.fake.quota(Long.MAX_VALUE);
    }

    private static String root() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void throttlingIsWaitedOutAsRetryAfterSaysThenTheCallSucceeds() {
        String root = root();
        CloudStorage storage = account.open(root);
        storage.write("a.json", utf8("one"), WriteCondition.unconditional());
        account.fake.inject("/2/files/download", Fault.rateLimited(1), 2);

        assertThat(storage.read("a.json")).get().extracting(o -> new String(o.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("one");

        List<Request> downloads = account.fake.requests().stream()
                .filter(r -> r.route().equals("/2/files/download")).toList();
        List<Request> last = downloads.subList(downloads.size() - 3, downloads.size());
        assertThat(last).extracting(Request::status).containsExactly(429, 429, 200);
        // each retry came no sooner than the second Dropbox asked for
        assertThat(Duration.between(last.get(0).at(), last.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(last.get(1).at(), last.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsRateLimitedNeverAbsent() {
        CloudStorage storage = account.open(root(), "retries", "1");
        account.fake.inject("/2/files/download", Fault.rateLimited(0), 2);

        assertThatThrownBy(() -> storage.read("never-written.json"))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("dropbox:").hasMessageContaining("never-written.json")
                .hasMessageContaining("throttling");
    }

    @Test
    void serverErrorsAreRetriedWithBackOffAndAListingStillFollowsEveryPage() {
        String root = root();
        CloudStorage storage = account.open(root, "listLimit", "2");
        for (int i = 0; i < 5; i++) {
            storage.write("2024/f" + i + ".json", utf8("x" + i), WriteCondition.ifAbsent());
        }
        account.fake.inject("/2/files/list_folder", Fault.serverError(500), 1);
        account.fake.inject("/2/files/list_folder/continue", Fault.serverError(503), 1);

        assertThat(storage.list("")).extracting(RemoteEntry::path)
                .containsExactlyInAnyOrder("2024/f0.json", "2024/f1.json", "2024/f2.json", "2024/f3.json",
                        "2024/f4.json");
    }

    @Test
    void serverErrorsThatOutlastTheRetriesAreTransientFailures() {
        CloudStorage storage = account.open(root(), "retries", "2");
        account.fake.inject("/2/files/download", Fault.serverError(502), 3);

        assertThatThrownBy(() -> storage.read("m.json")).isInstanceOf(TransientStorageException.class)
                .hasMessageContaining("cannot read m.json").hasMessageContaining("502");
    }

    @Test
    void aFullAccountIsQuotaExceededAndNothingIsWritten() {
        String root = root();
        CloudStorage storage = account.open(root);
        account.fake.quota(usedBytes() + 10);

        assertThatThrownBy(() -> storage.write("big.json", new byte[64], WriteCondition.ifAbsent()))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("big.json")
                .hasMessageContaining("insufficient_space");
        assertThat(storage.read("big.json")).isEmpty();
    }

    private static long usedBytes() {
        return account.fake.paths().stream().mapToLong(p -> account.fake.file(p).orElseThrow().length).sum();
    }

    @Test
    void aRevokedGrantIsAnAuthenticationErrorThatSaysToAuthorizeAgain() {
        try (var other = FakeAccount.start()) {
            CloudStorage storage = other.open(root());
            storage.write("a.json", utf8("a"), WriteCondition.unconditional());
            other.fake.revokeAll();

            assertThatThrownBy(() -> storage.read("a.json")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("chatsync auth dropbox").hasMessageContaining("revoked");
            assertThatThrownBy(() -> storage.list("")).isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> storage.write("b.json", utf8("b"), WriteCondition.ifAbsent()))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshTokenUnnoticed() {
        try (var other = FakeAccount.start()) {
            CloudStorage storage = other.open(root());
            storage.write("a.json", utf8("a"), WriteCondition.unconditional());
            other.fake.expireAccessTokens();

            assertThat(storage.read("a.json")).isPresent();
            assertThat(other.fake.requests()).extracting(Request::route).contains("/oauth2/token");
        }
    }

    @Test
    void noMessageEverRepeatsATokenOrTheAppKey() {
        DbxCredential credential = account.credential();
        CloudStorage storage = FakeAccount.provider(credential).open(account.config(root()));
        account.fake.inject(Fault.serverError(500), 10);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> storage.read("x.json"));
        account.fake.clearFaults();
        for (String message : List.of(String.valueOf(failure.getMessage()), storage.describe())) {
            assertThat(message).doesNotContain(credential.getAccessToken(), credential.getRefreshToken(),
                    credential.getAppKey());
        }
    }

    @Test
    void aFolderWhereAFileIsExpectedFailsTheReadInsteadOfReadingAsAbsent() {
        String root = root();
        CloudStorage storage = account.open(root);
        storage.write("2024/chat_vault_2024_01.json/inner.json", utf8("x"), WriteCondition.unconditional());

        assertThatThrownBy(() -> storage.read("2024/chat_vault_2024_01.json"))
                .isInstanceOf(StorageException.class).hasMessageContaining("path/not_file");
    }

    @Test
    void aFileWhereAFolderMustBeFailsTheWriteWithThePathError() {
        String root = root();
        CloudStorage storage = account.open(root);
        storage.write("2024", utf8("a file"), WriteCondition.unconditional());

        assertThatThrownBy(() -> storage.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent()))
                .isInstanceOf(StorageException.class).isNotInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("2024/chat_vault_2024_01.json");
        assertThat(storage.list("2024/")).as("nothing lies below a file").isEmpty();
        assertThat(storage.list("2024")).extracting(RemoteEntry::path).containsExactly("2024");
    }

    @Test
    void pathsAreCaseInsensitiveAndKeepTheCaseFirstWritten() {
        String root = root();
        CloudStorage storage = account.open(root);
        Revision first = storage.write("Keyring.json", utf8("one"), WriteCondition.ifAbsent());

        assertThatThrownBy(() -> storage.write("keyring.JSON", utf8("two"), WriteCondition.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        Revision second = storage.write("KEYRING.json", utf8("two"), WriteCondition.ifMatch(first));

        assertThat(storage.read("keyring.json")).get().satisfies(o -> {
            assertThat(o.bytes()).isEqualTo(utf8("two"));
            assertThat(o.revision()).isEqualTo(second);
        });
        assertThat(storage.list("")).extracting(RemoteEntry::path).containsExactly("Keyring.json");
        assertThat(storage.list("keyr")).extracting(RemoteEntry::path).containsExactly("Keyring.json");
    }

    @Test
    void aCompareAndSetWhoseAnswerWasLostAfterItLandedSucceedsOnRetry() {
        String root = root();
        CloudStorage storage = account.open(root);
        Revision first = storage.write("m.json", utf8("one"), WriteCondition.ifAbsent());
        account.fake.inject("/2/files/upload", Fault.afterCommit(500), 1);

        Revision second = storage.write("m.json", utf8("two"), WriteCondition.ifMatch(first));

        assertThat(second).isNotEqualTo(first);
        assertThat(storage.read("m.json")).get().satisfies(o -> {
            assertThat(o.bytes()).isEqualTo(utf8("two"));
            assertThat(o.revision()).isEqualTo(second);
        });
    }

    @Test
    void aRealConflictAfterALostAnswerIsStillAConflict() {
        String root = root();
        CloudStorage storage = account.open(root);
        Revision first = storage.write("m.json", utf8("one"), WriteCondition.ifAbsent());
        storage.write("m.json", utf8("someone else"), WriteCondition.ifMatch(first));
        account.fake.inject("/2/files/upload", Fault.serverError(500), 1);

        assertThatThrownBy(() -> storage.write("m.json", utf8("mine"), WriteCondition.ifMatch(first)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(storage.read("m.json")).get().extracting(o -> new String(o.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("someone else");
    }

    @Test
    void aCreateWhoseAnswerWasLostSucceedsOnRetryAsDropboxTakesIdenticalBytesAsNoConflict() {
        String root = root();
        CloudStorage storage = account.open(root);
        account.fake.inject("/2/files/upload", Fault.afterCommit(503), 1);

        Revision created = storage.write("keyring.json", utf8("k"), WriteCondition.ifAbsent());

        assertThat(account.fake.rev("/" + root + "/keyring.json")).contains(created.value());
    }

    @Test
    void largeFilesGoThroughAnUploadSessionInChunksAndKeepTheirConditions() {
        String root = root();
        CloudStorage storage = account.open(root, "chunkBytes", String.valueOf(64 << 10));
        byte[] big = new byte[(64 << 10) * 3 + 123];
        new Random(7).nextBytes(big);
        int before = account.fake.requests().size();

        Revision first = storage.write("big.bin", big, WriteCondition.ifAbsent());
        assertThat(storage.write("big.bin", big.clone(), WriteCondition.ifAbsent()))
                .as("Dropbox takes identical bytes as no conflict for add: the same revision").isEqualTo(first);
        big[0] ^= 1;
        assertThatThrownBy(() -> storage.write("big.bin", big, WriteCondition.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        Revision second = storage.write("big.bin", big, WriteCondition.ifMatch(first));

        assertThat(storage.read("big.bin")).get().satisfies(o -> {
            assertThat(o.bytes()).isEqualTo(big);
            assertThat(o.revision()).isEqualTo(second);
        });
        List<String> routes = account.fake.requests().subList(before, account.fake.requests().size()).stream()
                .map(Request::route).toList();
        assertThat(routes).contains("/2/files/upload_session/start", "/2/files/upload_session/append_v2",
                "/2/files/upload_session/finish").doesNotContain("/2/files/upload");
    }

    @Test
    void aFileOverTheLimitIsRefusedOnItsMetadataWithoutDownloadingIt() {
        String root = root();
        CloudStorage storage = account.open(root);
        storage.write("m.json", new byte[5000], WriteCondition.unconditional());

        assertThatThrownBy(() -> storage.read("m.json", 4999)).isInstanceOf(ObjectTooLargeException.class)
                .satisfies(e -> assertThat(((ObjectTooLargeException) e).size()).hasValue(5000));
        assertThat(storage.read("m.json", 5000)).isPresent();
    }

    @Test
    void aConditionalDeleteHonoursTheRevision() {
        String root = root();
        CloudStorage storage = account.open(root);
        Revision first = storage.write("m.json", utf8("one"), WriteCondition.ifAbsent());
        Revision second = storage.write("m.json", utf8("two"), WriteCondition.ifMatch(first));

        assertThatThrownBy(() -> storage.delete("m.json", WriteCondition.ifMatch(first)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(storage.read("m.json")).isPresent();
        storage.delete("m.json", WriteCondition.ifMatch(second));
        assertThat(storage.read("m.json")).isEmpty();
    }

    // ---- removeRootIfEmpty: Dropbox's folders stay when their last file goes ----

    @Test
    void aRootWithAFileAnywhereInItIsNotRemovedAndNothingInItIs() {
        String root = root();
        CloudStorage storage = account.open(root);
        storage.write("2023/12/chat_vault_2023_12.json", utf8("gone"), WriteCondition.ifAbsent());
        storage.delete("2023/12/chat_vault_2023_12.json", WriteCondition.unconditional());
        storage.write("2024/chat_vault_2024_01.json", utf8("kept"), WriteCondition.ifAbsent());

        assertThat(storage.removeRootIfEmpty()).isFalse();

        assertThat(account.fake.file("/" + root + "/2024/chat_vault_2024_01.json")).get().isEqualTo(utf8("kept"));
        assertThat(account.fake.folders()).as("not even the empty folders go while a file is there")
                .contains("/" + root, "/" + root + "/2024", "/" + root + "/2023", "/" + root + "/2023/12");
    }

    @Test
    void aFileWhereTheRootFolderWouldBeIsNeverRemoved() {
        String parent = root();
        account.open(parent).write("messaging", utf8("a file of the same name"), WriteCondition.ifAbsent());

        assertThat(account.open(parent + "/messaging").removeRootIfEmpty()).isFalse();

        assertThat(account.fake.file("/" + parent + "/messaging")).get().isEqualTo(utf8("a file of the same name"));
    }

    @Test
    void anEmptiedRootGoesWithItsFoldersWhileItsParentAndASiblingRootStay() {
        String parent = root();
        CloudStorage storage = account.open(parent + "/messaging");
        CloudStorage sibling = account.open(parent + "/messaging2"); // a name that begins with the root's
        sibling.write("keyring.json", utf8("another root's"), WriteCondition.ifAbsent());
        storage.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
        storage.write("2023/12/deeper.json", utf8("y"), WriteCondition.ifAbsent());
        storage.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional());
        storage.delete("2023/12/deeper.json", WriteCondition.unconditional());
        assertThat(account.fake.folders()).as("Dropbox keeps a folder when its last file goes")
                .contains("/" + parent + "/messaging/2024", "/" + parent + "/messaging/2023/12");

        assertThat(storage.removeRootIfEmpty()).isTrue();

        assertThat(account.fake.folders()).noneMatch(f -> f.equals("/" + parent + "/messaging")
                || f.startsWith("/" + parent + "/messaging/")).contains("/" + parent, "/" + parent + "/messaging2");
        assertThat(account.fake.file("/" + parent + "/messaging2/keyring.json")).get()
                .isEqualTo(utf8("another root's"));
        assertThat(account.open(parent + "/messaging").removeRootIfEmpty()).as("no root at all is no root left")
                .isTrue();
    }

    @Test
    void onTheAppFolderItselfOnlyTheEmptyFoldersGo() {
        try (var own = FakeAccount.start()) {
            DropboxSettings settings = new DropboxSettings("", java.util.Optional.of(own.fake.endpoint()),
                    java.nio.file.Path.of("unused"), DropboxSettings.MAX_LIST_LIMIT, DropboxSettings.DEFAULT_CHUNK_BYTES,
                    0);
            CloudStorage app = new DropboxStorage(new com.dropbox.core.v2.DbxClientV2(
                    DropboxProvider.requestConfig(settings), own.credential()), settings, FakeAccount.TEST_BACKOFF);
            app.write("a/b/x.json", utf8("x"), WriteCondition.ifAbsent());
            app.write("c/y.json", utf8("y"), WriteCondition.ifAbsent());
            app.delete("a/b/x.json", WriteCondition.unconditional());
            assertThat(app.removeRootIfEmpty()).isFalse();
            assertThat(own.fake.folders()).containsExactly("/a", "/a/b", "/c");

            app.delete("c/y.json", WriteCondition.unconditional());
            assertThat(app.removeRootIfEmpty()).isTrue();

            assertThat(own.fake.folders()).isEmpty();
            assertThat(own.fake.requests()).as("the app folder itself is never asked to go")
                    .allMatch(r -> r.status() == 200);
        }
    }

    @Test
    void aFailedListingFailsTheRemovalAndRemovesNothing() {
        String root = root();
        CloudStorage storage = account.open(root, "retries", "0");
        storage.write("2024/chat_vault_2024_01.json", utf8("kept"), WriteCondition.ifAbsent());
        account.fake.inject("/2/files/list_folder", Fault.serverError(500), 1);

        assertThatThrownBy(storage::removeRootIfEmpty).isInstanceOf(TransientStorageException.class)
                .hasMessageContaining("dropbox:/" + root).hasMessageContaining("remove");

        assertThat(account.fake.file("/" + root + "/2024/chat_vault_2024_01.json")).get().isEqualTo(utf8("kept"));
        assertThat(account.fake.folders()).contains("/" + root, "/" + root + "/2024");
    }

    @Test
    void aFolderWhoseFreshListingFailsIsKeptAndTheRemovalFails() {
        String root = root();
        CloudStorage storage = account.open(root, "retries", "0");
        storage.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
        storage.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional());
        account.fake.inject("/2/files/list_folder", Fault.slow(Duration.ZERO), 1); // the root's listing passes
        account.fake.inject("/2/files/list_folder", Fault.serverError(503), 1); // the folder's own fails

        assertThatThrownBy(storage::removeRootIfEmpty).isInstanceOf(StorageException.class)
                .hasMessageContaining("dropbox:/" + root).hasMessageContaining("2024");

        assertThat(account.fake.folders()).contains("/" + root, "/" + root + "/2024");
    }

    @Test
    void aFailedDeleteFailsTheRemovalNamingTheFolderAndAnotherTryFinishesIt() {
        String parent = root();
        CloudStorage storage = account.open(parent + "/messaging", "retries", "0");
        CloudStorage sibling = account.open(parent + "/messaging2");
        sibling.write("keyring.json", utf8("another root's"), WriteCondition.ifAbsent());
        storage.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
        storage.delete("2024/chat_vault_2024_01.json", WriteCondition.unconditional());
        account.fake.inject("/2/files/delete_v2", Fault.serverError(500), 1);

        assertThatThrownBy(storage::removeRootIfEmpty).isInstanceOf(TransientStorageException.class)
                .hasMessageContaining("dropbox:/" + parent + "/messaging").hasMessageContaining("2024");
        assertThat(account.fake.folders()).contains("/" + parent + "/messaging", "/" + parent + "/messaging/2024");

        assertThat(storage.removeRootIfEmpty()).isTrue();
        assertThat(account.fake.folders()).doesNotContain("/" + parent + "/messaging")
                .contains("/" + parent, "/" + parent + "/messaging2");
        assertThat(account.fake.file("/" + parent + "/messaging2/keyring.json")).isPresent();
    }

    @Test
    void withoutAStoredAuthorizationOpeningSaysToAuthorizeFirst() {
        DropboxProvider provider = new DropboxProvider(name -> null, null, FakeAccount.TEST_BACKOFF);
        ProviderConfig config = account.config(root(), "credential", "/nonexistent/dir/credential.json");

        assertThatThrownBy(() -> provider.open(config)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("chatsync auth dropbox").hasMessageContaining("/nonexistent/dir/credential.json");
    }

    @Test
    void secretsAndUnknownOptionsAreRefusedNamingTheOption() {
        DropboxProvider provider = account.provider();
        assertThatThrownBy(() -> provider.open(new ProviderConfig("", "r", Map.of("appKey", "abc123"))))
                .isInstanceOf(StorageException.class).hasMessageContaining("appKey")
                .hasMessageContaining("CHATSYNC_DROPBOX_APP_KEY").hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> provider.open(new ProviderConfig("", "r", Map.of("pagesize", "7"))))
                .isInstanceOf(StorageException.class).hasMessageContaining("'pagesize'").hasMessageContaining("listLimit");
        assertThatThrownBy(() -> provider.open(new ProviderConfig("", "r", Map.of("listLimit", "5000"))))
                .isInstanceOf(StorageException.class).hasMessageContaining("listLimit").hasMessageContaining("2000");
    }
}
