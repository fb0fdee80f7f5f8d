package io.tinywide.chatsync.examples;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;

import java.time.Instant;

/** The README's embedding example: back up one message to a local folder. */
public final class Quickstart {
    private Quickstart() {
    }

    /** Syncs one message to {@code folder} (an absolute path) and returns the report. */
    public static SyncReport backUp(String folder, char[] passphrase) {
        // --- README example start ---
        InMemoryMessageStore messages = new InMemoryMessageStore();   // or your app's own store
        messages.save(ChatMessage.text("m1", "urn:chat:alice-bob", "urn:user:alice", Instant.now(), "hi"));
        try (CloudStorage remote = ProviderRegistry.load().require("localfs").open(ProviderConfig.of(folder))) {
            ChatSyncService sync = ChatSync.builder()
                    .localStore(messages)
                    .stateStore(new InMemorySyncStateStore())
                    .passphrase(passphrase)
                    .remote("localfs", remote)
                    .build();
            return sync.syncMessages("localfs");
        }
        // --- README example end ---
    }

    public static void main(String[] args) {
        System.out.println(backUp(args[0], System.getenv("CHATSYNC_PASSPHRASE").toCharArray()));
    }
}
