package io.tinywide.chatsync.provider.gdrive;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.fake.gdrive.FakeDrive;
import io.tinywide.chatsync.fake.gdrive.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drive's failures and the folder cache, through the real client against the fake. */
class GDriveStorageTest {
    private FakeAccount account;
    private CloudStorage storage;

    @BeforeEach
    void start() throws Exception {
        account = FakeAccount.start();
        storage = account.open("chats");
    }

    @AfterEach
    void stop() {
        storage.close();
        account.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedThenSucceed() {
        storage.write("2024/a.json", utf8("a"), WriteCondition.ifAbsent());
        for (Fault fault : new Fault[] {Fault.RATE_LIMIT, Fault.USER_RATE_LIMIT, Fault.TOO_MANY_REQUESTS,
                Fault.INTERNAL_ERROR, Fault.SERVICE_UNAVAILABLE}) {
            int before = account.drive.faultsServed();
            account.drive.failNext(2, fault);
            assertThat(storage.read("2024/a.json")).as(fault.name()).get()
                    .extracting(o -> new String(o.bytes(), StandardCharsets.UTF_8)).isEqualTo("a");
            assertThat(account.drive.faultsServed() - before).as("both faults were served, then retried").isEqualTo(2);
        }
    }

    @Test
    void retriesAreBoundedAndARateLimitThatOutlastsThemIsRateLimited() {
        storage.write("a.json", utf8("a"), WriteCondition.ifAbsent());
        account.drive.failNext(FakeAccount.FAST.attempts(), Fault.USER_RATE_LIMIT);
        assertThatThrownBy(() -> storage.read("a.json")).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining(storage.describe()).hasMessageContaining("a.json")
                .hasMessageContaining("userRateLimitExceeded");
        account.drive.failNext(FakeAccount.FAST.attempts(), Fault.SERVICE_UNAVAILABLE);
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(TransientStorageException.class)
                .isNotInstanceOf(RateLimitedException.class).hasMessageContaining("503");
        assertThat(storage.read("a.json")).as("once the faults stop").isPresent();
    }

    @Test
    void aFullAccountIsQuotaExceededAndNothingIsLost() {
        Revision first = storage.write("a.json", utf8("first"), WriteCondition.ifAbsent());
        account.drive.storageQuota(10);
        assertThatThrownBy(() -> storage.write("a.json", utf8("second, too long"), WriteCondition.ifMatch(first)))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("a.json")
                .hasMessageContaining("storage is full");
        assertThat(storage.read("a.json").orElseThrow().bytes()).isEqualTo(utf8("first"));
        assertThat(storage.read("a.json").orElseThrow().revision()).isEqualTo(first);
    }

    @Test
    void aRevokedAuthorizationSaysToRunAuthAgain() {
        storage.write("a.json", utf8("a"), WriteCondition.ifAbsent());
        account.drive.revokeTokens();
        assertThatThrownBy(() -> storage.read("a.json")).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("chatsync auth gdrive").hasMessageContaining("a.json")
                .hasMessageNotContaining(account.drive.clientSecret());
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("chatsync auth gdrive");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedThroughTheLibrary() {
        storage.write("a.json", utf8("a"), WriteCondition.ifAbsent());
        account.drive.expireAccessTokens();
        assertThat(storage.read("a.json")).isPresent();
        assertThat(account.drive.requests()).filteredOn(r -> r.startsWith("POST /token")).hasSizeGreaterThan(1);
    }

    @Test
    void aMissingAuthorizationNamesTheFileAndTheCommand() {
        assertThatThrownBy(() -> account.provider(FakeAccount.FAST).open(account.config("x",
                Map.of("credentials", account.dir.resolve("none.json").toString()))))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("none.json")
                .hasMessageContaining("chatsync auth gdrive");
    }

    @Test
    void aFileOverTheLimitIsRefusedWithoutDownloadingIt() {
        storage.write("2024/big.json", new byte[5_000], WriteCondition.ifAbsent());
        int downloads = downloads();
        assertThatThrownBy(() -> storage.read("2024/big.json", 4_999)).isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("2024/big.json").hasMessageContaining("5000 bytes");
        assertThatThrownBy(() -> storage.readVersions("2024/big.json", 100)).isInstanceOf(
                ObjectTooLargeException.class);
        assertThat(downloads()).as("refused from its size, before alt=media").isEqualTo(downloads);
        assertThat(storage.read("2024/big.json", 5_000)).isPresent();
    }

    private int downloads() {
        return (int) account.drive.requests().stream().filter(r -> r.contains("alt=media")).count();
    }

    @Test
    void aFolderDeletedByAnotherDeviceIsMadeAgainAndOneMadeByAnotherIsSeen() {
        storage.write("2024/a.json", utf8("a"), WriteCondition.ifAbsent());
        // another device deletes the year's folder (and so its files) behind this storage's cached ids
        String year = account.drive.files().stream().filter(f -> f.isFolder() && f.name().equals("2024"))
                .findFirst().orElseThrow().id();
        assertThat(account.drive.delete(year)).isTrue();
        assertThat(storage.read("2024/a.json")).isEmpty();
        storage.write("2024/b.json", utf8("b"), WriteCondition.ifAbsent());
        assertThat(storage.read("2024/b.json")).isPresent();

        // another device, racing, made a second '2024' folder and wrote there: this storage, whose cache
        // knows only its own '2024', sees that folder's file too, in reads and listings
        FakeDrive.StoredFile root = account.drive.files().stream().filter(f -> f.isFolder()
                && f.name().equals("chats")).findFirst().orElseThrow();
        makeFolder(root.id(), "2024");
        assertThat(account.drive.files().stream().filter(f -> f.isFolder() && f.name().equals("2024")).count())
                .isEqualTo(2);
        assertThat(storage.read("2024/x.json")).isPresent();
        assertThat(storage.list("2024/")).extracting(RemoteEntry::path)
                .containsExactlyInAnyOrder("2024/b.json", "2024/x.json");
        storage.write("2024/d.json", utf8("d"), WriteCondition.ifAbsent());
        assertThat(storage.list("")).extracting(RemoteEntry::path)
                .containsExactlyInAnyOrder("2024/b.json", "2024/d.json", "2024/x.json");
    }

    /** A folder made by another client, as two devices that both found the year missing do. */
    private String makeFolder(String parentId, String name) {
        try (CloudStorage maker = account.open("chats")) {
            maker.write(name + "-maker/x.json", utf8("x"), WriteCondition.ifAbsent());
        }
        // move the maker's folder into place under the same name: Drive allows two folders of one name
        FakeDrive.StoredFile made = account.drive.files().stream().filter(f -> f.isFolder()
                && f.name().equals(name + "-maker")).findFirst().orElseThrow();
        account.drive.rename(made.id(), name);
        assertThat(made.parents()).contains(parentId);
        return made.id();
    }

    @Test
    void theStoredAuthorizationIsReadableByItsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(account.credentials)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(account.credentials)).contains("\"type\"", "authorized_user", "refresh_token");
    }
}
