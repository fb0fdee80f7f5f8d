package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.in.VerificationReport;
import io.tinywide.chatsync.core.port.in.VerificationReport.FileCheck;
import io.tinywide.chatsync.core.port.in.VerificationReport.Verdict;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Verification of a remote as the core's own operation: what each kind of damage looks like, and that it only reads. */
class VerifierTest {
    private static final String PASS = "correct horse battery staple";
    private static final String JAN_VAULT = "2024/chat_vault_2024_01.json";
    private static final String JAN_MANIFEST = "2024/chat_manifest_2024_01.json";
    private static final String FEB_VAULT = "2024/chat_vault_2024_02.json";
    private static final String FEB_MANIFEST = "2024/chat_manifest_2024_02.json";

    private final MemoryStorage remote = new MemoryStorage("remote");
    private Device a;

    @BeforeEach
    void twoMonthsBackedUp() {
        a = new Device("a", remote, PASS, EngineSettings.DEFAULTS);
        a.say("j1", "urn:chat:ab", "2024-01-05T10:00:00Z", "january");
        a.say("f1", "urn:chat:ab", "2024-02-05T10:00:00Z", "february");
        a.delete("f1");
        a.say("f2", "urn:chat:cd", "2024-02-06T10:00:00Z", "february too");
        assertThat(a.sync().isComplete()).isTrue();
        remote.clearRecords();
    }

    private VerificationReport verify() {
        return verifier(PASS).verify(Device.REMOTE);
    }

    private RemoteVerifier verifier(String passphrase) {
        return ChatSync.builder().keys(TestKeys.of(passphrase)).remote(Device.REMOTE, remote).buildVerifier();
    }

    private static FileCheck check(VerificationReport report, String path) {
        List<FileCheck> found = report.files().stream().filter(f -> f.path().equals(path)).toList();
        assertThat(found).as("one check for " + path).hasSize(1);
        return found.get(0);
    }

    @Test
    void aHealthyRemoteIsEveryFileOkInPathOrderAndNothingIsWritten() {
        VerificationReport report = verify();
        assertThat(report.keyringFound()).isTrue();
        assertThat(report.isClean()).isTrue();
        assertThat(report.files()).extracting(FileCheck::path)
                .containsExactly(JAN_MANIFEST, FEB_MANIFEST, JAN_VAULT, FEB_VAULT);
        assertThat(check(report, FEB_VAULT).detail()).isEqualTo("generation 1, 1 messages, 1 deletions");
        assertThat(check(report, FEB_MANIFEST).detail()).isEqualTo("generation 1, 2 conversations");
        assertThat(report.okCount()).isEqualTo(4);
        assertThat(remote.writes).as("verification only reads").isEmpty();
    }

    @Test
    void aTamperedVaultIsBadAndSaysWhatToDoWhileItsManifestIsNotBlamed() {
        byte[] bytes = remote.bytes(JAN_VAULT);
        bytes[bytes.length - 20] ^= 0x04;
        remote.put(JAN_VAULT, bytes);

        VerificationReport report = verify();
        assertThat(report.bad()).extracting(FileCheck::path).containsExactly(JAN_VAULT);
        assertThat(check(report, JAN_VAULT).detail()).contains(JAN_VAULT, "restore it from a backup");
        assertThat(check(report, JAN_MANIFEST).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void aStaleManifestIsOneBadCheckNotAlsoAGoodOne() {
        byte[] old = remote.bytes(JAN_MANIFEST);
        a.say("j2", "urn:chat:ab", "2024-01-06T10:00:00Z", "later in january");
        assertThat(a.sync().isComplete()).isTrue();
        remote.put(JAN_MANIFEST, old);

        FileCheck manifest = check(verify(), JAN_MANIFEST);
        assertThat(manifest.verdict()).isEqualTo(Verdict.BAD);
        assertThat(manifest.detail()).isEqualTo("does not describe its vault (generation 1 vs 2); a sync rewrites it "
                + "the next time it visits this month");
    }

    @Test
    void aMissingManifestCountsAmongTheFilesInItsPlace() {
        remote.delete(FEB_MANIFEST, WriteCondition.unconditional());

        VerificationReport report = verify();
        assertThat(report.files()).extracting(FileCheck::path)
                .containsExactly(JAN_MANIFEST, FEB_MANIFEST, JAN_VAULT, FEB_VAULT);
        assertThat(check(report, FEB_MANIFEST).detail()).startsWith("is missing beside its vault (generation 1)");
        assertThat(report.checkedCount()).isEqualTo(4);
        assertThat(report.bad()).hasSize(1);
    }

    @Test
    void aManifestWhoseVaultIsGoneSaysSo() {
        remote.delete(JAN_VAULT, WriteCondition.unconditional());

        FileCheck manifest = check(verify(), JAN_MANIFEST);
        assertThat(manifest.verdict()).isEqualTo(Verdict.BAD);
        assertThat(manifest.detail()).isEqualTo("describes " + JAN_VAULT + ", which is not there; restore the vault "
                + "from a backup or another device");
    }

    @Test
    void anUnreadableManifestIsReportedOnceForWhatItIs() {
        remote.put(JAN_MANIFEST, "{\"not\":\"a manifest\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        VerificationReport report = verify();
        assertThat(report.bad()).extracting(FileCheck::path).containsExactly(JAN_MANIFEST);
        assertThat(check(report, JAN_MANIFEST).detail()).startsWith(JAN_MANIFEST + ": ")
                .doesNotContain("does not describe");
    }

    @Test
    void aLookAlikeIsNamedButNotCountedAsAChatsyncFile() {
        remote.put("2024/chat_vault_2024_1.json", remote.bytes(JAN_VAULT));

        VerificationReport report = verify();
        assertThat(check(report, "2024/chat_vault_2024_1.json").verdict()).isEqualTo(Verdict.IGNORED);
        assertThat(report.checkedCount()).isEqualTo(4);
        assertThat(report.isClean()).isTrue();
    }

    @Test
    void aWrongPassphraseStopsTheCheckBeforeAnyFileIsRead() {
        assertThatThrownBy(() -> verifier("not it").verify(Device.REMOTE))
                .isInstanceOf(WrongPassphraseException.class);
        assertThat(remote.reads).containsExactly("keyring.json");
    }

    @Test
    void aRemoteWithoutKeyringIsEitherNewOrUnreadable() {
        MemoryStorage empty = new MemoryStorage("empty");
        VerificationReport fresh = ChatSync.builder().keys(TestKeys.of(PASS)).remote("mem", empty).buildVerifier()
                .verify("mem");
        assertThat(fresh.keyringFound()).isFalse();
        assertThat(fresh.files()).isEmpty();

        remote.delete("keyring.json", WriteCondition.unconditional());
        VerificationReport orphaned = verify();
        assertThat(orphaned.keyringFound()).isFalse();
        assertThat(orphaned.bad()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("keyring.json");
            assertThat(f.detail()).contains("4 vault and manifest files", "Put keyring.json back");
        });
    }

    /** On a storage that keeps versions of a name (Google Drive), every version is opened. */
    @Test
    void aMonthInTwoVersionsIsCheckedVersionByVersion() throws Exception {
        InMemoryStorage drive = InMemoryStorage.versioned("drive", Duration.ofMillis(500));
        Device d = new Device("d", drive, PASS, EngineSettings.DEFAULTS);
        d.say("j1", "urn:chat:ab", "2024-01-05T10:00:00Z", "january");
        assertThat(d.sync().isComplete()).isTrue();
        RemoteObject first = drive.readVersions(JAN_VAULT, Long.MAX_VALUE).get(0);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            // Two writers that both read the first version each leave one (Drive has no atomic update).
            for (int attempt = 0; attempt < 10 && drive.readVersions(JAN_VAULT, Long.MAX_VALUE).size() < 2; attempt++) {
                RemoteObject current = drive.readVersions(JAN_VAULT, Long.MAX_VALUE).get(0);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    writes.add(two.submit(() -> {
                        together.await();
                        return drive.write(JAN_VAULT, first.bytes(), WriteCondition.ifMatch(current.revision()));
                    }));
                }
                for (Future<?> w : writes) {
                    w.get(1, TimeUnit.MINUTES);
                }
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(drive.readVersions(JAN_VAULT, Long.MAX_VALUE)).hasSize(2);

        VerificationReport report = ChatSync.builder().keys(TestKeys.of(PASS)).remote("drive", drive).buildVerifier()
                .verify("drive");
        assertThat(report.isClean()).as(report.files().toString()).isTrue();
        assertThat(check(report, JAN_VAULT).detail()).startsWith("2 versions, which a sync merges")
                .endsWith("generation 1, 1 messages, 0 deletions");
    }

    @Test
    void theBuilderNamesWhatAVerifierLacksAndAnUnknownRemote() {
        assertThatThrownBy(() -> ChatSync.builder().remote("mem", remote).buildVerifier())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("passphrase(...) or keys(...)");
        assertThatThrownBy(() -> verifier(PASS).verify("dropbox"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropbox");
    }
}
