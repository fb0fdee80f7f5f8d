package io.tinywide.chatsync.examples.guice;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scenario every deployment of the messenger runs, written once. A deployment's test module
 * (with-localfs, with-s3) extends it and says only how to reach its backend; the application code
 * and these steps are the same, and the provider is the one its class path brings.
 */
public abstract class BackendScenario {
    private static final String CHAT = "urn:chat:alice-bob";

    @TempDir
    Path tmp;

    /** The id of the one provider this deployment's class path holds. */
    protected abstract String expectedProvider();

    /** A new, empty remote on this deployment's backend, as a URI. */
    protected abstract String newRemote() throws Exception;

    /** The paths of the files under the chatsync root of that remote. */
    protected abstract Set<String> filesIn(String remote) throws Exception;

    private MessengerConfig config(String remote) throws Exception {
        return new MessengerConfig(remote, Files.writeString(tmp.resolve("passphrase"), "correct horse battery staple\n"));
    }

    @Test
    void theClassPathHoldsOneProviderAndTheAppUsesIt() throws Exception {
        assertThat(ProviderRegistry.load().providers()).extracting(StorageProvider::id)
                .containsExactly(expectedProvider());
        try (MessengerApp app = MessengerApp.start(config(newRemote()))) {
            assertThat(app.messenger().backend()).isEqualTo(expectedProvider());
        }
    }

    @Test
    void twoDevicesBackUpAndSyncAMessageAndADeletion() throws Exception {
        String remote = newRemote();
        MessengerConfig config = config(remote);
        try (MessengerApp laptop = MessengerApp.start(config); MessengerApp phone = MessengerApp.start(config)) {
            laptop.messenger().send("m1", CHAT, "urn:user:alice", Instant.parse("2024-01-15T10:00:00Z"), "hi");
            laptop.messenger().send("m2", CHAT, "urn:user:bob", Instant.parse("2024-01-15T10:01:00Z"), "hello");
            SyncReport up = laptop.messenger().backUp();
            assertThat(up.isComplete()).isTrue();
            assertThat(up.messagesUp()).isEqualTo(2);
            assertThat(filesIn(remote)).contains("keyring.json", "2024/chat_vault_2024_01.json",
                    "2024/chat_manifest_2024_01.json");

            assertThat(phone.messenger().backUp().messagesDown()).isEqualTo(2);
            assertThat(phone.messenger().conversation(CHAT)).extracting(ChatMessage::text).containsExactly("hi", "hello");

            phone.messenger().delete("m1");
            assertThat(phone.messenger().backUp().tombstonesUp()).isEqualTo(1);
            assertThat(laptop.messenger().backUp().tombstonesDown()).isEqualTo(1);
            assertThat(laptop.messenger().conversation(CHAT)).extracting(ChatMessage::id).containsExactly("m2");
        }
    }

    @Test
    void thePassphraseChangesOnOneDeviceAndTheOthersKeepSyncing() throws Exception {
        String remote = newRemote();
        try (MessengerApp laptop = MessengerApp.start(config(remote)); MessengerApp phone = MessengerApp.start(config(remote))) {
            laptop.messenger().send("m1", CHAT, "urn:user:alice", Instant.parse("2024-01-15T10:00:00Z"), "hi");
            assertThat(laptop.messenger().backUp().messagesUp()).isEqualTo(1);
            assertThat(phone.messenger().backUp().messagesDown()).isEqualTo(1);

            laptop.messenger().changePassphrase("a new passphrase".toCharArray());
            phone.messenger().send("m2", CHAT, "urn:user:bob", Instant.parse("2024-01-15T10:01:00Z"), "hello");
            assertThat(phone.messenger().backUp().messagesUp()).as("the phone kept its key").isEqualTo(1);
            assertThat(laptop.messenger().backUp().messagesDown()).isEqualTo(1);
        }
        try (MessengerApp old = MessengerApp.start(config(remote))) {
            assertThatThrownBy(() -> old.messenger().backUp()).isInstanceOf(WrongPassphraseException.class);
        }
        MessengerConfig renewed = new MessengerConfig(remote, Files.writeString(tmp.resolve("new-passphrase"),
                "a new passphrase\n"));
        try (MessengerApp tablet = MessengerApp.start(renewed)) {
            assertThat(tablet.messenger().backUp().messagesDown()).isEqualTo(2);
            assertThat(tablet.messenger().conversation(CHAT)).extracting(ChatMessage::text).containsExactly("hi", "hello");
        }
    }
}
