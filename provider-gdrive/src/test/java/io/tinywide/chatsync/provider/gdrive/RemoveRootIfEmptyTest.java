package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.fake.gdrive.FakeDrive;
import io.tinywide.chatsync.fake.gdrive.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code removeRootIfEmpty()} on Drive, through the real client against the fake: every folder at the
 * root's path and below it goes once no file is there, and nothing else: never a file (not even one no
 * listing shows), never a folder above the root or beside it.
 */
class RemoveRootIfEmptyTest {
    private static final String ROOT = "tinywide/messaging";
    private static final String VAULT = "2024/chat_vault_2024_01.json";
    private static final String FOLDER = "application/vnd.google-apps.folder";

    private FakeAccount account;
    private final List<CloudStorage> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        account = FakeAccount.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(CloudStorage::close);
        account.close();
    }

    private CloudStorage open(String root) {
        CloudStorage s = account.open(root);
        opened.add(s);
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> ids() {
        return account.drive.files().stream().map(FakeDrive.StoredFile::id).toList();
    }

    private List<FakeDrive.StoredFile> folders(String name) {
        return account.drive.files().stream().filter(f -> f.isFolder() && f.name().equals(name)).toList();
    }

    private String onlyFolder(String name) {
        assertThat(folders(name)).as("folders named " + name).hasSize(1);
        return folders(name).get(0).id();
    }

    private static String folder(Drive client, String name, String parentId) throws IOException {
        return client.files().create(new File().setName(name).setMimeType(FOLDER).setParents(List.of(parentId)))
                .setFields("id").execute().getId();
    }

    private static String file(Drive client, String name, String parentId, String text) throws IOException {
        return client.files().create(new File().setName(name).setParents(List.of(parentId)),
                new ByteArrayContent("application/octet-stream", utf8(text))).setFields("id").execute().getId();
    }

    private void holds(String root, String path, String text, Revision revision) {
        RemoteObject o = open(root).read(path).orElseThrow();
        assertThat(o.bytes()).isEqualTo(utf8(text));
        assertThat(o.revision()).isEqualTo(revision);
    }

    @Test
    void aRootHoldingAFileKeepsEverything() {
        CloudStorage s = open(ROOT);
        Revision r = s.write(VAULT, utf8("kept"), WriteCondition.ifAbsent());
        List<String> before = ids();
        assertThat(s.removeRootIfEmpty()).as("a file is there").isFalse();
        assertThat(ids()).as("nothing removed").containsExactlyInAnyOrderElementsOf(before);
        holds(ROOT, VAULT, "kept", r);
    }

    @Test
    void aFileNoListingShowsKeepsTheRootToo() throws Exception {
        CloudStorage s = open(ROOT);
        s.write(VAULT, utf8("v"), WriteCondition.ifAbsent());
        s.delete(VAULT, WriteCondition.unconditional());
        String year = onlyFolder("2024");
        Drive other = account.client();
        String odd = file(other, "notes\\2024.txt", year, "another program's"); // no chatsync path has the name
        assertThat(open(ROOT).list("")).as("the listing skips it").isEmpty();

        assertThat(open(ROOT).removeRootIfEmpty()).as("a file the listing does not show").isFalse();
        assertThat(ids()).contains(odd, year, onlyFolder("messaging"));

        other.files().update(odd, new File().setTrashed(true)).execute();
        assertThat(open(ROOT).removeRootIfEmpty()).as("a file in Drive's trash, which deleting its folder deletes")
                .isFalse();
        assertThat(ids()).contains(odd, year, onlyFolder("messaging"));

        other.files().delete(odd).execute();
        assertThat(open(ROOT).removeRootIfEmpty()).isTrue();
        assertThat(folders("messaging")).isEmpty();
    }

    @Test
    void anEmptiedRootGoesButNotItsParentNorASiblingRoot() {
        CloudStorage sibling = open("tinywide/other");
        Revision kept = sibling.write(VAULT, utf8("sibling"), WriteCondition.ifAbsent());
        CloudStorage s = open(ROOT);
        s.write(VAULT, utf8("v"), WriteCondition.ifAbsent());
        s.write("keyring.json", utf8("k"), WriteCondition.ifAbsent());
        s.delete(VAULT, WriteCondition.unconditional());
        s.delete("keyring.json", WriteCondition.unconditional());

        assertThat(s.removeRootIfEmpty()).isTrue();
        assertThat(folders("messaging")).isEmpty();
        String tinywide = onlyFolder("tinywide");
        String other = onlyFolder("other");
        assertThat(folders("other").get(0).parents()).containsExactly(tinywide);
        assertThat(folders("2024")).as("only the sibling's year folder").singleElement()
                .extracting(FakeDrive.StoredFile::parents).isEqualTo(List.of(other));
        holds("tinywide/other", VAULT, "sibling", kept);
        assertThat(open(ROOT).list("")).isEmpty();
    }

    @Test
    void everyFolderAtTheRootPathGoes() throws Exception {
        CloudStorage first = open(ROOT);
        first.write(VAULT, utf8("first device"), WriteCondition.ifAbsent());
        // a second device that found no root made its own, as Drive allows, and wrote there
        Drive other = account.client();
        String second = folder(other, "messaging", onlyFolder("tinywide"));
        String secondYear = folder(other, "2024", second);
        file(other, "chat_vault_2024_02.json", secondYear, "second device");
        assertThat(folders("messaging")).hasSize(2);
        CloudStorage s = open(ROOT);
        assertThat(s.list("")).extracting(RemoteEntry::path)
                .containsExactlyInAnyOrder(VAULT, "2024/chat_vault_2024_02.json");

        s.delete(VAULT, WriteCondition.unconditional());
        assertThat(s.removeRootIfEmpty()).as("the newer root folder still holds a file").isFalse();
        assertThat(open(ROOT).read("2024/chat_vault_2024_02.json")).get().extracting(RemoteObject::bytes)
                .isEqualTo(utf8("second device"));
        assertThat(folders("messaging")).hasSize(2);

        CloudStorage last = open(ROOT);
        last.delete("2024/chat_vault_2024_02.json", WriteCondition.unconditional());
        assertThat(last.removeRootIfEmpty()).isTrue();
        assertThat(folders("messaging")).isEmpty();
        assertThat(folders("2024")).isEmpty();
        onlyFolder("tinywide");
    }

    @Test
    void anEmptyRootPathIsAppDataFolderWhichStaysWhileItsEmptyFoldersGo() throws Exception {
        CloudStorage deep = open(ROOT);
        Revision r = deep.write(VAULT, utf8("deep"), WriteCondition.ifAbsent());
        assertThat(open("").removeRootIfEmpty()).as("a file two folders down").isFalse();
        holds(ROOT, VAULT, "deep", r);

        deep.delete(VAULT, WriteCondition.unconditional());
        assertThat(open("").removeRootIfEmpty()).isTrue();
        assertThat(account.drive.files()).as("every folder in appDataFolder").isEmpty();
        assertThat(account.client().files().get("appDataFolder").setFields("id").execute().getId())
                .isEqualTo(account.drive.appDataFolderId());
    }

    @Test
    void aFailedRequestIsAnErrorNamingTheStorageAndLosesNothing() {
        CloudStorage sibling = open("tinywide/other");
        Revision kept = sibling.write(VAULT, utf8("sibling"), WriteCondition.ifAbsent());
        CloudStorage s = open(ROOT);
        Revision r = s.write(VAULT, utf8("kept"), WriteCondition.ifAbsent());
        account.drive.failNext(FakeAccount.FAST.attempts(), Fault.SERVICE_UNAVAILABLE, "GET /drive/v3/files?");
        assertThatThrownBy(s::removeRootIfEmpty).isInstanceOf(StorageException.class)
                .hasMessageContaining(s.describe()).hasMessageContaining("remove the empty root")
                .hasMessageContaining("503");
        holds(ROOT, VAULT, "kept", r);

        s.delete(VAULT, WriteCondition.unconditional());
        CloudStorage emptied = open(ROOT);
        account.drive.failNext(FakeAccount.FAST.attempts(), Fault.INTERNAL_ERROR, "DELETE ");
        assertThatThrownBy(emptied::removeRootIfEmpty).isInstanceOf(StorageException.class)
                .hasMessageContaining(emptied.describe()).hasMessageContaining("remove the empty folder 2024")
                .hasMessageContaining("500");
        holds("tinywide/other", VAULT, "sibling", kept);
        onlyFolder("messaging");

        assertThat(open(ROOT).removeRootIfEmpty()).as("once the faults stop").isTrue();
        assertThat(folders("messaging")).isEmpty();
        holds("tinywide/other", VAULT, "sibling", kept);
    }

    @Test
    void aFileWrittenWhileTheRootIsBeingRemovedKeepsItsFolder() {
        CloudStorage s = open(ROOT);
        s.write(VAULT, utf8("v"), WriteCondition.ifAbsent());
        s.delete(VAULT, WriteCondition.unconditional());
        CloudStorage otherDevice = open(ROOT);
        // between the look for files and the deletes, another device writes into the root's folder
        account.drive.beforeNext("DELETE ", () -> otherDevice.write("keyring.json", utf8("late"),
                WriteCondition.ifAbsent()));
        assertThat(s.removeRootIfEmpty()).as("the root's folder is looked at again right before it is deleted")
                .isFalse();
        assertThat(open(ROOT).read("keyring.json")).get().extracting(RemoteObject::bytes).isEqualTo(utf8("late"));
        onlyFolder("messaging");
    }
}
