package io.tinywide.chatsync.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultMergeTest {
    private static final PartitionKey JAN = PartitionKey.parse("2024-01");
    private static final PartitionKey MAR = PartitionKey.parse("2024-03");
    private final ChatMessage original = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a",
            Instant.parse("2024-01-15T10:00:00Z"), "hello");

    private static ChatVault vault(PartitionKey p, List<ChatMessage> ms, List<Tombstone> ts) {
        return ChatVault.of(p, ms, ts);
    }

    @Test
    void aDeletionWinsOverAnEditWhicheverIsNewer() {
        ChatMessage editedLater = original.edited("edited after the delete", new EditVersion(Long.MAX_VALUE >> 1, "b"));
        Tombstone early = original.tombstone(Instant.parse("2024-01-16T00:00:00Z"));
        ChatVault deleted = vault(JAN, List.of(), List.of(early));
        ChatVault edited = vault(JAN, List.of(editedLater), List.of());
        for (ChatVault merged : List.of(VaultMerge.merge(deleted, edited), VaultMerge.merge(edited, deleted))) {
            assertThat(merged.message("m1")).isEmpty();
            assertThat(merged.tombstone("m1")).contains(early);
        }
    }

    @Test
    void aDeletionMadeInMarchOfAJanuaryMessageLivesInJanuary() {
        Tombstone inMarch = original.tombstone(Instant.parse("2024-03-20T09:00:00Z"));
        assertThat(inMarch.partition()).isEqualTo(JAN);
        assertThatThrownBy(() -> vault(MAR, List.of(), List.of(inMarch)))
                .isInstanceOf(VaultDataException.class).hasMessageContaining("2024-01").hasMessageContaining("2024-03");
        assertThat(vault(JAN, List.of(original), List.of(inMarch)).isDeleted("m1")).isTrue();
    }

    @Test
    void theSameIdWithAnotherSentAtOrConversationIsADataError() {
        ChatMessage otherTime = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a",
                Instant.parse("2024-01-15T10:00:01Z"), "hello");
        assertThatThrownBy(() -> VaultMerge.merge(vault(JAN, List.of(original), List.of()),
                vault(JAN, List.of(otherTime), List.of())))
                .isInstanceOf(VaultDataException.class).hasMessageContaining("m1")
                .hasMessageContaining("2024-01-15T10:00:00Z").hasMessageContaining("2024-01-15T10:00:01Z");
        ChatMessage otherConversation = ChatMessage.text("m1", "urn:chat:other", "urn:user:a", original.sentAt(), "x");
        assertThatThrownBy(() -> vault(JAN, List.of(original, otherConversation), List.of()))
                .isInstanceOf(VaultDataException.class).hasMessageContaining("urn:chat:other");
        Tombstone mismatched = new Tombstone("m1", "urn:chat:ab", Instant.parse("2024-01-20T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z"));
        assertThatThrownBy(() -> vault(JAN, List.of(original), List.of(mismatched)))
                .isInstanceOf(VaultDataException.class).hasMessageContaining("tombstone of m1");
    }

    @Test
    void theEarliestDeletionIsKept() {
        Tombstone first = original.tombstone(Instant.parse("2024-02-01T00:00:00Z"));
        Tombstone second = original.tombstone(Instant.parse("2024-02-05T00:00:00Z"));
        assertThat(VaultMerge.merge(vault(JAN, List.of(), List.of(second)), vault(JAN, List.of(), List.of(first)))
                .tombstone("m1")).contains(first);
    }

    @Test
    void theHigherVersionWinsAndTheDiffSaysWhatChanged() {
        ChatMessage v1 = original.edited("one", new EditVersion(10, "a"));
        ChatMessage v2 = original.edited("two", new EditVersion(11, "a"));
        ChatVault local = vault(JAN, List.of(v1), List.of());
        ChatVault merged = VaultMerge.merge(local, vault(JAN, List.of(v2), List.of()));
        assertThat(merged.message("m1")).contains(v2);
        VaultDelta delta = VaultMerge.diff(local, merged);
        assertThat(delta.upserts()).containsExactly(v2);
        assertThat(delta.tombstones()).isEmpty();
    }

    @Test
    void equalVersionsWhoseContentOnlyPrintsAlikeStillMergeTheSameWayInEitherOrder() {
        EditVersion tie = new EditVersion(7, "a");
        // Tags [a, b] joined with NUL, or receipts whose toString() coincide, must not compare equal.
        ChatMessage twoTags = withTagsAndReceipts(List.of("a", "b"), Map.of(), tie);
        ChatMessage oneTag = withTagsAndReceipts(List.of("a\u0000b"), Map.of(), tie);
        ChatMessage twoReceipts = withTagsAndReceipts(List.of(), Map.of("x", "1", "y", "2"), tie);
        ChatMessage oneReceipt = withTagsAndReceipts(List.of(), Map.of("x", "1, y=2"), tie);
        for (List<ChatMessage> pair : List.of(List.of(twoTags, oneTag), List.of(twoReceipts, oneReceipt))) {
            ChatVault left = vault(JAN, List.of(pair.get(0)), List.of());
            ChatVault right = vault(JAN, List.of(pair.get(1)), List.of());
            assertThat(VaultMerge.merge(left, right)).isEqualTo(VaultMerge.merge(right, left));
        }
    }

    private ChatMessage withTagsAndReceipts(List<String> tags, Map<String, String> receipts, EditVersion v) {
        return new ChatMessage(original.id(), original.conversation(), original.sender(), original.sentAt(),
                "text", "same", null, null, tags, receipts, v);
    }

    @Test
    void aManifestDescribesEachConversationWithoutContent() {
        ChatMessage b1 = ChatMessage.text("b1", "urn:chat:group", "urn:user:b", Instant.parse("2024-01-02T00:00:00Z"), "x");
        ChatMessage c1 = ChatMessage.text("c1", "urn:chat:group", "urn:user:c", Instant.parse("2024-01-30T00:00:00Z"), "y");
        Tombstone gone = ChatMessage.text("g1", "urn:chat:group", "urn:user:c", Instant.parse("2024-01-01T00:00:00Z"), "z")
                .tombstone(Instant.parse("2024-02-01T00:00:00Z"));
        VaultManifest m = VaultManifest.of(vault(JAN, List.of(original, b1, c1), List.of(gone)), 4, "digest");
        assertThat(m.messageCount()).isEqualTo(3);
        assertThat(m.tombstoneCount()).isEqualTo(1);
        assertThat(m.conversations()).extracting(ConversationSummary::conversation)
                .containsExactly("urn:chat:ab", "urn:chat:group");
        ConversationSummary group = m.summary("urn:chat:group").orElseThrow();
        assertThat(group.messageCount()).isEqualTo(2);
        assertThat(group.tombstoneCount()).isEqualTo(1);
        assertThat(group.firstSentAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(group.lastSentAt()).isEqualTo(Instant.parse("2024-01-30T00:00:00Z"));
        assertThat(group.participants()).containsExactly("urn:user:b", "urn:user:c");
        assertThat(m.holds("urn:chat:ab")).isTrue();
        assertThat(m.holds("urn:chat:none")).isFalse();
    }

    @Test
    void partitionsFollowUtcMonthBoundaries() {
        assertThat(PartitionKey.of(Instant.parse("2024-01-31T23:59:59.999999999Z"))).isEqualTo(JAN);
        assertThat(PartitionKey.of(Instant.parse("2024-02-01T00:00:00Z"))).isEqualTo(PartitionKey.parse("2024-02"));
        assertThat(PartitionKey.of(Instant.parse("2024-02-29T12:00:00Z")).end())
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(JAN.vaultPath()).isEqualTo("2024/chat_vault_2024_01.json");
        assertThat(JAN.manifestPath()).isEqualTo("2024/chat_manifest_2024_01.json");
        for (String junk : List.of("2024/chat_vault_2024_13.json", "2023/chat_vault_2024_01.json", "keyring.json",
                "2024/chat_vault_2024_01.json.tmp", "2024/.chat_vault_2024_01.json", "chat_vault_2024_01.json")) {
            assertThat(PartitionKey.parseFilePath(junk)).as(junk).isEmpty();
        }
        assertThatThrownBy(() -> PartitionKey.parse("2024-1x")).hasMessageContaining("YYYY-MM");
        PartitionKey last = PartitionKey.parse("9999-12");
        assertThat(last.contains(Instant.parse("+10000-01-01T00:00:00Z"))).isFalse();
        assertThat(JAN.contains(Instant.parse("-0001-01-01T00:00:00Z"))).isFalse();
        assertThat(last.contains(Instant.parse("9999-12-31T23:59:59Z"))).isTrue();
        for (String outside : List.of("+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z")) {
            assertThatThrownBy(() -> ChatMessage.text("m", "c", "s", Instant.parse(outside), "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0001 to 9999");
            assertThatThrownBy(() -> new Tombstone("m", "c", Instant.parse(outside), Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0001 to 9999");
        }
    }

    @Test
    void messagesAreNormalisedSoEqualContentIsEqual() {
        byte[] payload = {1, 2, 3};
        ChatMessage m = new ChatMessage("m", "c", "s", original.sentAt(), "file", null, payload, null,
                List.of("z", "a", "z"), Map.of("u2", "read", "u1", "delivered"), null);
        payload[0] = 9;
        assertThat(m.payload()).containsExactly(1, 2, 3);
        assertThat(m.tags()).containsExactly("a", "z");
        assertThat(m.receipts().keySet()).containsExactly("u1", "u2");
        assertThat(m).isEqualTo(new ChatMessage("m", "c", "s", original.sentAt(), "file", null, new byte[] {1, 2, 3},
                null, List.of("a", "z"), Map.of("u1", "delivered", "u2", "read"), EditVersion.INITIAL));
        assertThatThrownBy(() -> ChatMessage.text(" ", "c", "s", original.sentAt(), "x"))
                .hasMessageContaining("id");
    }
}
