package io.tinywide.chatsync.fake.gdrive;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake as the official Drive v3 client sees it. */
class FakeDriveTest {
    private FakeDrive fake;
    private Drive drive;

    @BeforeEach
    void start() throws Exception {
        fake = FakeDrive.start();
        String token = fake.issueAccessToken(Duration.ofHours(1));
        drive = new Drive.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                r -> r.getHeaders().setAuthorization("Bearer " + token)).setRootUrl(fake.endpoint().toString())
                .setApplicationName("fake-test").build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private File upload(String name, String parent, String text, boolean direct) throws Exception {
        Drive.Files.Create create = drive.files().create(new File().setName(name).setParents(List.of(parent)),
                new ByteArrayContent("application/octet-stream", text.getBytes(StandardCharsets.UTF_8)))
                .setFields("id, name, size, version, headRevisionId, createdTime, parents");
        create.getMediaHttpUploader().setDirectUploadEnabled(direct);
        return create.execute();
    }

    @Test
    void sameNamesAreSeveralFilesAndEachHasItsContentVersionAndRevision() throws Exception {
        File a = upload("x.json", "appDataFolder", "first", true);
        File b = upload("x.json", "appDataFolder", "second", false); // resumable
        assertThat(a.getId()).isNotEqualTo(b.getId());
        assertThat(a.getSize()).isEqualTo(5L);
        assertThat(a.getParents()).containsExactly(fake.appDataFolderId());
        FileList both = drive.files().list().setSpaces("appDataFolder")
                .setQ("name = 'x.json' and 'appDataFolder' in parents and trashed = false")
                .setOrderBy("createdTime").setFields("files(id, headRevisionId, version)").execute();
        assertThat(both.getFiles()).extracting(File::getId).containsExactly(a.getId(), b.getId());
        try (var in = drive.files().get(b.getId()).executeMediaAsInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
        File updated = drive.files().update(a.getId(), new File(), new ByteArrayContent("application/octet-stream",
                "changed".getBytes(StandardCharsets.UTF_8))).setFields("version, headRevisionId").execute();
        assertThat(updated.getVersion()).isGreaterThan(a.getVersion());
        assertThat(updated.getHeadRevisionId()).isNotEqualTo(a.getHeadRevisionId());
        assertThat(drive.files().list().execute().getFiles()).as("appDataFolder is not in the drive space").isEmpty();
    }

    @Test
    void listingsFollowPagesAndTrimToTheFieldsAsked() throws Exception {
        for (int i = 0; i < 9; i++) {
            drive.files().create(new File().setName("f" + i).setParents(List.of("appDataFolder"))).execute();
        }
        List<File> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            FileList page = drive.files().list().setSpaces("appDataFolder").setPageSize(4).setPageToken(token)
                    .setFields("nextPageToken, files(name)").execute();
            all.addAll(page.getFiles());
            assertThat(page.getFiles()).allMatch(f -> f.getId() == null, "only the fields asked for");
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(9);
    }

    @Test
    void errorsHaveDrivesShapes() throws Exception {
        assertThatThrownBy(() -> drive.files().get("nope").execute()).isInstanceOfSatisfying(
                GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("notFound");
                });
        assertThatThrownBy(() -> drive.files().list().setQ("name = 'unclosed").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class,
                        e -> assertThat(e.getDetails().getErrors().get(0).getLocation()).isEqualTo("q"));
        fake.failNext(1, Fault.USER_RATE_LIMIT);
        assertThatThrownBy(() -> drive.files().list().execute()).isInstanceOfSatisfying(
                GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("userRateLimitExceeded");
                });
        fake.storageQuota(3);
        assertThatThrownBy(() -> upload("big", "appDataFolder", "too big", true)).isInstanceOfSatisfying(
                GoogleJsonResponseException.class,
                e -> assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("storageQuotaExceeded"));
    }

    private File folder(String name, String parent) throws Exception {
        return drive.files().create(new File().setName(name).setMimeType("application/vnd.google-apps.folder")
                .setParents(List.of(parent))).setFields("id").execute();
    }

    private List<String> names(String q) throws Exception {
        return drive.files().list().setSpaces("appDataFolder").setQ(q).setFields("files(name)").execute().getFiles()
                .stream().map(File::getName).toList();
    }

    @Test
    void aListingByParentShowsOnlyDirectChildrenTrashedOnesTooUnlessAskedNot() throws Exception {
        File top = folder("top", "appDataFolder");
        File inner = folder("inner", top.getId());
        upload("deep.json", inner.getId(), "deep", true);
        File trashed = upload("trashed.json", top.getId(), "old", true);
        drive.files().update(trashed.getId(), new File().setTrashed(true)).execute();
        assertThat(names("'" + top.getId() + "' in parents")).containsExactlyInAnyOrder("inner", "trashed.json");
        assertThat(names("'" + top.getId() + "' in parents and trashed = false")).containsExactly("inner");
    }

    @Test
    void deletingAFolderDeletesEverythingInItTrashedFilesToo() throws Exception {
        File top = folder("top", "appDataFolder");
        File inner = folder("inner", top.getId());
        File deep = upload("deep.json", inner.getId(), "deep", true);
        File trashed = upload("trashed.json", top.getId(), "old", true);
        drive.files().update(trashed.getId(), new File().setTrashed(true)).execute();
        File beside = upload("beside.json", "appDataFolder", "kept", true);
        drive.files().delete(top.getId()).execute();
        for (File gone : List.of(top, inner, deep, trashed)) {
            assertThatThrownBy(() -> drive.files().get(gone.getId()).execute()).isInstanceOfSatisfying(
                    GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        }
        assertThat(fake.files()).extracting(FakeDrive.StoredFile::id).containsExactly(beside.getId());
    }

    @Test
    void anotherClientsStepRunsJustBeforeTheRequestItWaitsFor() throws Exception {
        File top = folder("top", "appDataFolder");
        File kept = upload("kept.json", "appDataFolder", "kept", true);
        fake.beforeNext("DELETE ", () -> {
            try {
                upload("late.json", top.getId(), "late", true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(names("'" + top.getId() + "' in parents")).as("not before a GET").isEmpty();
        drive.files().delete(top.getId()).execute();
        assertThat(fake.requests()).filteredOn(r -> r.startsWith("POST /upload/")).hasSize(2);
        assertThat(fake.files()).as("the late file was made before the folder was deleted, so it went with it")
                .extracting(FakeDrive.StoredFile::id).containsExactly(kept.getId());
        drive.files().delete(kept.getId()).execute();
        assertThat(fake.files()).as("a step runs once").isEmpty();
    }
}
