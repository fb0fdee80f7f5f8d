package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What one builder builds shares one key source: an application that builds several asks once. */
class ChatSyncBuilderTest {
    private final List<PassphraseSource.Purpose> asked = new ArrayList<>();

    @Test
    void aServiceAndKeyManagementFromOneBuilderAskForThePassphraseOnce() {
        InMemoryMessageStore messages = new InMemoryMessageStore();
        messages.save(ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", Instant.parse("2024-01-05T10:00:00Z"), "hi"));
        // Pins only: nothing unlocked is kept between the two, so only the shared source can spare a prompt.
        ChatSync.Builder builder = ChatSync.builder()
                .localStore(messages)
                .stateStore(new InMemorySyncStateStore())
                .deviceKeys(new InMemoryDeviceKeyStore(false))
                .keyDerivationIterations(1_000)
                .passphrase(purpose -> {
                    asked.add(purpose);
                    return "correct horse battery staple".toCharArray();
                })
                .remote("mem", new InMemoryStorage("remote"));
        ChatSyncService service = builder.build();
        KeyManagement keys = builder.buildKeyManagement();

        service.syncMessages("mem");
        keys.addRecoveryKey("mem");
        builder.buildVerifier().verify("mem");

        assertThat(asked).containsExactly(PassphraseSource.Purpose.NEW_KEYRING);
    }
}
