package io.tinywide.chatsync.fake.dropbox;

import com.dropbox.core.DbxAppInfo;
import com.dropbox.core.DbxDownloader;
import com.dropbox.core.DbxRequestConfig;
import com.dropbox.core.RateLimitException;
import com.dropbox.core.http.HttpRequestor;
import com.dropbox.core.http.StandardHttpRequestor;
import com.dropbox.core.oauth.DbxCredential;
import com.dropbox.core.oauth.DbxOAuthError;
import com.dropbox.core.oauth.DbxOAuthException;
import com.dropbox.core.v2.DbxClientV2;
import com.dropbox.core.v2.files.DeleteErrorException;
import com.dropbox.core.v2.files.DeletedMetadata;
import com.dropbox.core.v2.files.DownloadErrorException;
import com.dropbox.core.v2.files.FileMetadata;
import com.dropbox.core.v2.files.FolderMetadata;
import com.dropbox.core.v2.files.ListFolderErrorException;
import com.dropbox.core.v2.files.ListFolderResult;
import com.dropbox.core.v2.files.Metadata;
import com.dropbox.core.v2.files.UploadErrorException;
import com.dropbox.core.v2.files.UploadSessionAppendErrorException;
import com.dropbox.core.v2.files.UploadSessionCursor;
import com.dropbox.core.v2.files.WriteConflictError;
import com.dropbox.core.v2.files.WriteMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fake, driven by the real Dropbox SDK: the SDK must parse every answer and error as it parses
 * Dropbox's own, and the fake must keep Dropbox's documented rules.
 */
class FakeDropboxTest {
    static FakeDropbox fake;
    static DbxClientV2 client;
    static DbxRequestConfig config;

    /** The SDK's HTTP client, its calls sent to a fake with the host as the first path segment. */
    static final class ToFake extends HttpRequestor {
        private final HttpRequestor http = StandardHttpRequestor.INSTANCE;
        private final FakeDropbox target;

        ToFake(FakeDropbox target) {
            this.target = target;
        }

        private String url(String url) {
            return target.endpoint() + url.substring("https://".length());
        }

        @Override
        public Response doGet(String url, Iterable<Header> headers) throws IOException {
            return http.doGet(url(url), headers);
        }

        @Override
        public Uploader startPost(String url, Iterable<Header> headers) throws IOException {
            return http.startPost(url(url), headers);
        }

        @Override
        public Uploader startPostInStreamingMode(String url, Iterable<Header> headers) throws IOException {
            return http.startPostInStreamingMode(url(url), headers);
        }

        @Override
        public Uploader startPut(String url, Iterable<Header> headers) throws IOException {
            return http.startPut(url(url), headers);
        }
    }

    @BeforeAll
    static void start() {
        fake = FakeDropbox.start();
        config = DbxRequestConfig.newBuilder("fake-test").withHttpRequestor(new ToFake(fake)).build();
        client = new DbxClientV2(config, credential());
    }

    static DbxCredential credential() {
        FakeDropbox.Grant grant = fake.grant();
        return new DbxCredential(grant.accessToken(), grant.expiresAt(), grant.refreshToken(), fake.appKey());
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static String dir() {
        return "/t" + UUID.randomUUID().toString().substring(0, 8);
    }

    static FileMetadata upload(String path, String content, WriteMode mode, boolean strict) throws Exception {
        return client.files().uploadBuilder(path).withMode(mode).withAutorename(false).withStrictConflict(strict)
                .uploadAndFinish(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void listingsPageWithCursorsAndLaterPagesCarryChangesMadeMeanwhile() throws Exception {
        String dir = dir();
        for (int i = 0; i < 5; i++) {
            upload(dir + "/sub/f" + i, "x" + i, WriteMode.ADD, false);
        }
        ListFolderResult page = client.files().listFolderBuilder(dir).withRecursive(true).withLimit(2L).start();
        List<Metadata> seen = new ArrayList<>(page.getEntries());
        assertThat(page.getEntries()).hasSize(2);
        assertThat(page.getHasMore()).isTrue();
        client.files().deleteV2(dir + "/sub/f4");
        upload(dir + "/sub/f5", "new", WriteMode.ADD, false);
        while (page.getHasMore()) {
            page = client.files().listFolderContinue(page.getCursor());
            seen.addAll(page.getEntries());
        }
        assertThat(seen).filteredOn(FolderMetadata.class::isInstance).extracting(Metadata::getPathLower)
                .containsExactly(dir.toLowerCase(), dir.toLowerCase() + "/sub");
        assertThat(seen).filteredOn(FileMetadata.class::isInstance).extracting(Metadata::getName)
                .containsExactly("f0", "f1", "f2", "f3", "f4", "f5");
        assertThat(seen).filteredOn(DeletedMetadata.class::isInstance).extracting(Metadata::getName)
                .containsExactly("f4");
    }

    @Test
    void foldersComeWithUploadsOutliveTheirLastFileAndGoWithAllTheyHold() throws Exception {
        String dir = dir();
        upload(dir + "/2024/01/a.json", "a", WriteMode.ADD, false);
        upload(dir + "/2024/b.json", "b", WriteMode.ADD, false);
        assertThat(fake.folders()).contains(dir, dir + "/2024", dir + "/2024/01");
        assertThat(client.files().listFolder(dir + "/2024").getEntries())
                .as("a listing that is not recursive shows the subfolders, tagged folder, and not the folder itself")
                .extracting(m -> m.getClass().getSimpleName() + " " + m.getName())
                .containsExactlyInAnyOrder("FolderMetadata 01", "FileMetadata b.json");

        client.files().deleteV2(dir + "/2024/01/a.json");
        assertThat(fake.folders()).as("a folder outlives its last file").contains(dir + "/2024/01");
        assertThat(client.files().listFolder(dir + "/2024/01").getEntries()).isEmpty();
        assertThat(client.files().getMetadata(dir + "/2024/01")).isInstanceOf(FolderMetadata.class);

        assertThat(client.files().deleteV2(dir + "/2024").getMetadata()).isInstanceOf(FolderMetadata.class);
        assertThat(fake.folders()).as("a deleted folder takes its subfolders along").contains(dir)
                .doesNotContain(dir + "/2024", dir + "/2024/01");
        assertThat(fake.paths()).as("and its files").noneMatch(p -> p.startsWith(dir + "/"));
        assertThatThrownBy(() -> client.files().listFolder(dir + "/2024")).isInstanceOfSatisfying(
                ListFolderErrorException.class, e -> assertThat(e.errorValue.getPathValue().isNotFound()).isTrue());
    }

    @Test
    void uploadModesConflictAsDropboxDocumentsThem() throws Exception {
        String path = dir() + "/m.json";
        FileMetadata first = upload(path, "one", WriteMode.ADD, false);
        assertThat(first.getRev()).matches("[0-9a-f]{9,}");

        assertThat(upload(path, "one", WriteMode.ADD, false).getRev()).as("identical bytes: no conflict, same rev")
                .isEqualTo(first.getRev());
        assertThatThrownBy(() -> upload(path, "one", WriteMode.ADD, true)).isInstanceOfSatisfying(
                UploadErrorException.class, e -> assertThat(e.errorValue.getPathValue().getReason()
                        .getConflictValue()).isEqualTo(WriteConflictError.FILE));
        assertThatThrownBy(() -> upload(path, "two", WriteMode.ADD, false)).isInstanceOfSatisfying(
                UploadErrorException.class, e -> assertThat(e.errorValue.getPathValue().getReason()
                        .getConflictValue()).isEqualTo(WriteConflictError.FILE));

        FileMetadata second = upload(path, "two", WriteMode.update(first.getRev()), true);
        assertThat(second.getRev()).isNotEqualTo(first.getRev());
        assertThatThrownBy(() -> upload(path, "three", WriteMode.update(first.getRev()), true))
                .isInstanceOfSatisfying(UploadErrorException.class, e -> assertThat(e.errorValue.getPathValue()
                        .getReason().isConflict()).isTrue());
        assertThat(upload(path, "four", WriteMode.OVERWRITE, false).getSize()).isEqualTo(4);
        client.files().deleteV2(path);
        assertThatThrownBy(() -> upload(path, "five", WriteMode.update(second.getRev()), true))
                .as("strict: a deleted file conflicts too").isInstanceOf(UploadErrorException.class);
    }

    @Test
    void pathsAreCaseInsensitiveAndDownloadsCarryTheirMetadataInAnAsciiHeader() throws Exception {
        String dir = dir();
        upload(dir + "/Grüße/Chat.JSON", "hallo", WriteMode.ADD, false);
        upload(dir + "/grüsse-other", "x", WriteMode.ADD, false);
        upload(dir + "/GRÜßE/chat.json", "again", WriteMode.OVERWRITE, false);

        try (DbxDownloader<FileMetadata> download = client.files().downloadBuilder(dir + "/grüße/chat.json").start()) {
            assertThat(download.getResult().getPathDisplay()).isEqualTo(dir + "/Grüße/Chat.JSON");
            assertThat(download.getResult().getPathLower()).isEqualTo(dir.toLowerCase() + "/grüße/chat.json");
            assertThat(new String(download.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("again");
        }
        assertThat(fake.paths()).contains(dir + "/Grüße/Chat.JSON");
    }

    @Test
    void lookupErrorsAreTaggedUnions() throws Exception {
        String dir = dir();
        upload(dir + "/folder/file", "x", WriteMode.ADD, false);
        assertThatThrownBy(() -> client.files().downloadBuilder(dir + "/missing").start())
                .isInstanceOfSatisfying(DownloadErrorException.class,
                        e -> assertThat(e.errorValue.getPathValue().isNotFound()).isTrue());
        assertThatThrownBy(() -> client.files().downloadBuilder(dir + "/folder").start())
                .isInstanceOfSatisfying(DownloadErrorException.class,
                        e -> assertThat(e.errorValue.getPathValue().isNotFile()).isTrue());
        assertThatThrownBy(() -> client.files().deleteV2(dir + "/missing"))
                .isInstanceOfSatisfying(DeleteErrorException.class,
                        e -> assertThat(e.errorValue.getPathLookupValue().isNotFound()).isTrue());
        assertThatThrownBy(() -> client.files().deleteV2(dir + "/folder/file", "0123456789abc"))
                .isInstanceOfSatisfying(DeleteErrorException.class,
                        e -> assertThat(e.errorValue.getPathWriteValue().isConflict()).isTrue());
    }

    @Test
    void uploadSessionsCheckOffsetsAndCommitWithTheirMode() throws Exception {
        String path = dir() + "/big.bin";
        String id = client.files().uploadSessionStart().uploadAndFinish(new ByteArrayInputStream(new byte[10]))
                .getSessionId();
        client.files().uploadSessionAppendV2(new UploadSessionCursor(id, 10))
                .uploadAndFinish(new ByteArrayInputStream(new byte[5]));
        assertThatThrownBy(() -> client.files().uploadSessionAppendV2(new UploadSessionCursor(id, 10))
                .uploadAndFinish(new ByteArrayInputStream(new byte[5])))
                .isInstanceOfSatisfying(UploadSessionAppendErrorException.class,
                        e -> assertThat(e.errorValue.getIncorrectOffsetValue().getCorrectOffset()).isEqualTo(15));
        FileMetadata file = client.files().uploadSessionFinish(new UploadSessionCursor(id, 15),
                        com.dropbox.core.v2.files.CommitInfo.newBuilder(path).withMode(WriteMode.ADD).build())
                .uploadAndFinish(new ByteArrayInputStream(new byte[3]));
        assertThat(file.getSize()).isEqualTo(18);
        assertThat(fake.file(path)).get().extracting(b -> b.length).isEqualTo(18);
    }

    @Test
    void contentRoutesAnswerOnlyOnTheContentHostAndCallsNeedAToken() throws Exception {
        HttpURLConnection wrongHost = (HttpURLConnection) URI.create(fake.endpoint() + "api.dropboxapi.com/2/files/upload")
                .toURL().openConnection();
        wrongHost.setRequestMethod("POST");
        assertThat(wrongHost.getResponseCode()).isEqualTo(400);
        HttpURLConnection noToken = (HttpURLConnection) URI.create(fake.endpoint()
                + "api.dropboxapi.com/2/files/list_folder").toURL().openConnection();
        noToken.setRequestMethod("POST");
        noToken.setDoOutput(true);
        noToken.setRequestProperty("Content-Type", "application/json");
        noToken.getOutputStream().write("{\"path\":\"\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(noToken.getResponseCode()).isEqualTo(400);
        try (InputStream err = noToken.getErrorStream()) {
            assertThat(new String(err.readAllBytes(), StandardCharsets.UTF_8)).contains("Authorization");
        }
    }

    @Test
    void rateLimitsCarryRetryAfterAsTheSdkExpects() {
        fake.inject("/2/files/get_metadata", Fault.rateLimited(3), 1);
        assertThatThrownBy(() -> client.files().getMetadata(dir() + "/x")).isInstanceOfSatisfying(
                RateLimitException.class, e -> assertThat(e.getBackoffMillis()).isEqualTo(3000));
    }

    @Test
    void aSlowAnswerArrivesLateButWholeAndAnAnswerLostAfterCommitLeavesTheWrite() throws Exception {
        String path = dir() + "/slow.json";
        fake.inject("/2/files/upload", Fault.slow(java.time.Duration.ofMillis(300)), 1);
        long start = System.nanoTime();
        upload(path, "late", WriteMode.ADD, false);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                java.time.Duration.ofMillis(300));
        fake.inject("/2/files/upload", Fault.afterCommit(500), 1);
        assertThatThrownBy(() -> upload(path, "landed", WriteMode.OVERWRITE, false))
                .isInstanceOf(com.dropbox.core.ServerException.class);
        assertThat(fake.file(path)).get().extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("landed");
    }

    @Test
    void refreshTokensRenewAccessUntilRevoked() throws Exception {
        try (FakeDropbox own = FakeDropbox.start()) {
            FakeDropbox.Grant grant = own.grant();
            DbxCredential credential = new DbxCredential(grant.accessToken(), grant.expiresAt(), grant.refreshToken(),
                    own.appKey());
            DbxRequestConfig ownConfig = DbxRequestConfig.newBuilder("fake-test").withHttpRequestor(new ToFake(own))
                    .build();
            String before = credential.getAccessToken();
            credential.refresh(ownConfig);
            assertThat(credential.getAccessToken()).isNotEqualTo(before);
            own.revokeAll();
            assertThatThrownBy(() -> credential.refresh(ownConfig)).isInstanceOfSatisfying(DbxOAuthException.class,
                    e -> assertThat(e.getDbxOAuthError().getError()).isEqualTo(DbxOAuthError.INVALID_GRANT));
            assertThat(new DbxAppInfo(own.appKey()).getKey()).isEqualTo(FakeDropbox.DEFAULT_APP_KEY);
        }
    }
}
