package io.tinywide.chatsync.examples.guice;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.guice.ChatSyncRuntime;
import io.tinywide.chatsync.guice.PassphraseSource;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The messenger's chat feature, as far as chatsync is concerned: messages go into the app's store,
 * and a back-up syncs the store with the remote. Built by constructor injection; it sees only the
 * chatsync ports, never a provider.
 */
public final class Messenger {
    private final LocalMessageStore messages;
    private final ChatSyncService sync;
    private final KeyManagement keys;
    private final String remote;
    private final Clock clock = Clock.systemUTC();

    @Inject
    Messenger(LocalMessageStore messages, ChatSyncService sync, KeyManagement keys, ChatSyncRuntime chatSync) {
        this.messages = messages;
        this.sync = sync;
        this.keys = keys;
        this.remote = chatSync.remoteIds().get(0); // whichever provider the remote URI found
    }

    /** Records a text message written on this device. */
    public void send(String id, String conversation, String sender, Instant sentAt, String text) {
        messages.save(ChatMessage.text(id, conversation, sender, sentAt, text));
    }

    /** Deletes a message on this device; the deletion syncs like a message. */
    public void delete(String id) {
        messages.message(id).ifPresent(m -> messages.delete(m.tombstone(clock.instant())));
    }

    /** Backs up this device's changes and fetches the other devices'. */
    public SyncReport backUp() {
        return sync.syncMessages(remote);
    }

    /**
     * Changes the passphrase of the backup (the settings' passphrase proves the old one). Devices
     * that unlocked the backup keep syncing; a new device needs the new passphrase.
     */
    public void changePassphrase(char[] newPassphrase) {
        keys.changePassphrase(remote, PassphraseSource.of(newPassphrase));
    }

    /** The conversation as this device has it, oldest first. */
    public List<ChatMessage> conversation(String conversationUrn) {
        return messages.conversation(conversationUrn);
    }

    /** The id of the provider that the class path brought for the remote, such as {@code localfs} or {@code s3}. */
    public String backend() {
        return remote;
    }
}
