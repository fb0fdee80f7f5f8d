package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore.PartitionState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link SyncStateStore} as JUnit 5 tests: states round-trip exactly, per remote and per
 * partition, and a later save replaces an earlier one. An app that keeps the sync state in its own
 * database extends this class and returns a fresh, empty store from {@link #newStateStore()}.
 */
public abstract class SyncStateStoreVerification {
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");

    protected abstract SyncStateStore newStateStore() throws Exception;

    @Test
    void statesRoundTripPerRemoteAndPartition() throws Exception {
        SyncStateStore store = newStateStore();
        VaultManifest manifest = VaultManifest.of(ChatVault.of(JAN, List.of(ChatMessage.text("m", "urn:chat:ab",
                "urn:user:a", Instant.parse("2024-01-02T00:00:00Z"), "x")), List.of()), 3, "abc");
        PartitionState full = new PartitionState(new Revision("v1"), new Revision("m1"), 3, 7, true, manifest);
        PartitionState bare = new PartitionState(null, null, 0, -1, false, null);
        store.save("remote-a", JAN, full);
        store.save("remote-b", JAN, bare);
        store.save("remote-a", PartitionKey.parse("2024-02"), bare);
        assertThat(store.load("remote-a")).containsEntry(JAN, full).containsEntry(PartitionKey.parse("2024-02"), bare);
        assertThat(store.load("remote-b")).containsExactly(java.util.Map.entry(JAN, bare));
        assertThat(store.load("remote-c")).isEmpty();

        PartitionState newer = new PartitionState(new Revision("v2"), new Revision("m2"), 4, 9, true, manifest);
        store.save("remote-a", JAN, newer);
        assertThat(store.load("remote-a").get(JAN)).isEqualTo(newer);
    }
}
