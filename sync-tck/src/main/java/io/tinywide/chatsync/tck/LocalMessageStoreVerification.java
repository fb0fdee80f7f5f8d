package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore.Applied;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of {@link LocalMessageStore} that every implementation keeps, as JUnit 5 tests. An app that
 * brings its own message store (its messenger's database) runs them by extending this class and
 * returning a fresh, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyMessageStoreTest extends LocalMessageStoreVerification {
 *     @Override
 *     protected LocalMessageStore newStore() {
 *         return new MyMessageStore(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>The rules are those of the interface's documentation: every field round-trips, a message is
 * replaced only by a higher version, remove wins, a partition's version rises with each change (and
 * only then), {@code apply} follows the rules of {@code save} and {@code delete} and reports the
 * versions around it, and concurrent saves are all kept.
 */
public abstract class LocalMessageStoreVerification {
    protected static final PartitionKey JAN = PartitionKey.parse("2024-01");
    protected static final PartitionKey FEB = PartitionKey.parse("2024-02");

    protected LocalMessageStore store;

    /** A fresh, empty store. */
    protected abstract LocalMessageStore newStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    protected static ChatMessage rich(String id, String at) {
        return new ChatMessage(id, "urn:chat:ab", "urn:user:a", Instant.parse(at), "image", "Grüße 👋",
                new byte[] {0, (byte) 255, 7}, "read", List.of("b", "a"), Map.of("urn:user:b", "read"),
                new EditVersion(42, "dev-1"));
    }

    protected static ChatMessage plain(String id, String conversation, String at) {
        return ChatMessage.text(id, conversation, "urn:user:a", Instant.parse(at), "text of " + id);
    }

    @Test
    void everyFieldRoundTripsExactly() {
        ChatMessage m = rich("m1", "2024-01-15T10:00:00.123456789Z");
        store.save(m);
        assertThat(store.message("m1")).contains(m);
        assertThat(store.load(JAN).vault().messages()).containsExactly(m);
    }

    @Test
    void onlyAHigherVersionReplacesAMessage() {
        ChatMessage v1 = plain("m1", "urn:chat:ab", "2024-01-15T10:00:00Z").withVersion(new EditVersion(10, "a"));
        store.save(v1);
        long version = store.partitionVersions().get(JAN);
        store.save(v1.edited("older", new EditVersion(9, "a")));
        store.save(v1);
        assertThat(store.message("m1")).contains(v1);
        assertThat(store.partitionVersions().get(JAN)).as("no-op changes keep the version").isEqualTo(version);
        ChatMessage v2 = v1.edited("newer", new EditVersion(11, "a"));
        store.save(v2);
        assertThat(store.message("m1")).contains(v2);
        assertThat(store.partitionVersions().get(JAN)).isGreaterThan(version);
    }

    @Test
    void aDeletionRemovesTheMessageAndKeepsItDeleted() {
        ChatMessage m = plain("m1", "urn:chat:ab", "2024-01-15T10:00:00Z");
        store.save(m);
        Tombstone t = m.tombstone(Instant.parse("2024-03-01T00:00:00Z"));
        store.delete(t);
        assertThat(store.message("m1")).isEmpty();
        store.save(m.edited("resurrect?", new EditVersion(Long.MAX_VALUE >> 1, "z")));
        assertThat(store.message("m1")).as("remove wins").isEmpty();
        assertThat(store.load(JAN).vault().tombstones()).containsExactly(t);
    }

    @Test
    void aTombstoneForAMessageNeverSeenIsKept() {
        Tombstone t = plain("ghost", "urn:chat:ab", "2024-02-10T00:00:00Z").tombstone(Instant.parse("2024-03-01T00:00:00Z"));
        store.delete(t);
        assertThat(store.load(FEB).vault().tombstone("ghost")).contains(t);
        assertThat(store.partitionVersions()).containsKey(FEB);
    }

    @Test
    void anIdentityConflictIsADataError() {
        store.save(plain("m1", "urn:chat:ab", "2024-01-15T10:00:00Z"));
        assertThatThrownBy(() -> store.save(plain("m1", "urn:chat:other", "2024-01-15T10:00:00Z")))
                .isInstanceOf(VaultDataException.class);
        assertThatThrownBy(() -> store.save(plain("m1", "urn:chat:ab", "2024-02-15T10:00:00Z")))
                .isInstanceOf(VaultDataException.class);
        assertThat(store.message("m1").orElseThrow().conversation()).isEqualTo("urn:chat:ab");
    }

    @Test
    void loadReturnsTheNormalisedPartitionWithItsVersion() {
        store.save(plain("b", "urn:chat:ab", "2024-01-20T00:00:00Z"));
        store.save(plain("a", "urn:chat:ab", "2024-01-20T00:00:00Z"));
        store.save(plain("c", "urn:chat:ab", "2024-01-05T00:00:00Z"));
        store.save(plain("f", "urn:chat:ab", "2024-02-05T00:00:00Z"));
        LocalMessageStore.LocalPartition jan = store.load(JAN);
        assertThat(jan.vault().messages()).extracting(ChatMessage::id).containsExactly("c", "a", "b");
        assertThat(jan.version()).isEqualTo(store.partitionVersions().get(JAN));
        assertThat(store.load(PartitionKey.parse("1999-01")).vault().isEmpty()).isTrue();
        assertThat(store.partitionVersions().keySet()).containsExactly(JAN, FEB);
    }

    @Test
    void applyFollowsTheSameRulesAndReportsTheVersionsAroundIt() {
        ChatMessage local = plain("m1", "urn:chat:ab", "2024-01-15T10:00:00Z").withVersion(new EditVersion(20, "me"));
        store.save(local);
        long before = store.partitionVersions().get(JAN);
        ChatMessage olderRemote = local.edited("older remote edit", new EditVersion(5, "other"));
        ChatMessage fresh = plain("m2", "urn:chat:ab", "2024-01-16T10:00:00Z");
        Tombstone gone = plain("m3", "urn:chat:ab", "2024-01-17T10:00:00Z").tombstone(Instant.parse("2024-02-01T00:00:00Z"));
        Applied applied = store.apply(new VaultDelta(JAN, List.of(olderRemote, fresh), List.of(gone)));
        assertThat(applied.versionBefore()).isEqualTo(before);
        assertThat(applied.versionAfter()).isGreaterThan(before);
        assertThat(store.message("m1")).as("the concurrent local edit survives").contains(local);
        assertThat(store.message("m2")).contains(fresh);
        assertThat(store.load(JAN).vault().isDeleted("m3")).isTrue();

        Applied noop = store.apply(new VaultDelta(JAN, List.of(fresh), List.of(gone)));
        assertThat(noop.versionAfter()).isEqualTo(noop.versionBefore()).isEqualTo(applied.versionAfter());
    }

    @Test
    void aConversationIsOrderedBySentAtThenIdAcrossMonths() {
        store.save(plain("z", "urn:chat:x", "2024-02-01T00:00:00Z"));
        store.save(plain("b", "urn:chat:x", "2024-01-01T00:00:00.5Z"));
        store.save(plain("a", "urn:chat:x", "2024-01-01T00:00:00.5Z"));
        store.save(plain("y", "urn:chat:y", "2024-01-01T00:00:00Z"));
        store.save(plain("c", "urn:chat:x", "2024-01-01T00:00:00.25Z"));
        assertThat(store.conversation("urn:chat:x")).extracting(ChatMessage::id).containsExactly("c", "a", "b", "z");
    }

    @Test
    void concurrentSavesAreAllKept() throws Exception {
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    store.save(plain("t" + thread + "-" + i, "urn:chat:ab", "2024-01-1" + thread + "T10:00:0" + (i % 10)
                            + "Z"));
                }
            }));
        }
        for (CompletableFuture<Void> w : writers) {
            w.get();
        }
        ChatVault jan = store.load(JAN).vault();
        assertThat(jan.messageCount()).isEqualTo(100);
    }
}
