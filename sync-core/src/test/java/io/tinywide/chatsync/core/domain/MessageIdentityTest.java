package io.tinywide.chatsync.core.domain;

import io.tinywide.chatsync.core.domain.MessageIdentity.Conflict;
import io.tinywide.chatsync.core.domain.MessageIdentity.Field;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule of message identity, as merge, stores and import see it. */
class MessageIdentityTest {
    private static final Instant AT = Instant.parse("2024-01-15T10:00:00Z");
    private static final ChatMessage M = ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", AT, "hi");

    @Test
    void contentAndVersionMayDifferButNoIdentityField() {
        assertThat(MessageIdentity.conflict(M, M.edited("edited", new EditVersion(5, "d")))).isEmpty();
        assertThat(MessageIdentity.conflict(M, ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", AT.plusSeconds(1),
                "hi"))).contains(new Conflict("m1", Field.SENT_AT));
        assertThat(MessageIdentity.conflict(M, ChatMessage.text("m1", "urn:chat:other", "urn:user:a", AT, "hi")))
                .contains(new Conflict("m1", Field.CONVERSATION));
        assertThat(MessageIdentity.conflict(M, ChatMessage.text("m1", "urn:chat:ab", "urn:user:eve", AT, "hi")))
                .contains(new Conflict("m1", Field.SENDER));
    }

    @Test
    void theFirstDifferingFieldIsNamedInOneFixedOrder() {
        ChatMessage everything = ChatMessage.text("m1", "urn:chat:other", "urn:user:eve", AT.plusSeconds(60), "x");
        assertThat(MessageIdentity.conflict(M, everything)).contains(new Conflict("m1", Field.SENT_AT));
        assertThat(MessageIdentity.conflict(everything, M)).contains(new Conflict("m1", Field.SENT_AT));
    }

    @Test
    void aDeletionNamesItsMessageByConversationAndSentAtButNotBySender() {
        Tombstone t = M.tombstone(AT.plusSeconds(5));
        assertThat(MessageIdentity.conflict(t, ChatMessage.text("m1", "urn:chat:ab", "urn:user:eve", AT, "x")))
                .isEmpty();
        assertThat(MessageIdentity.conflict(t, ChatMessage.text("m1", "urn:chat:ab", "urn:user:a", AT.plusSeconds(1),
                "x"))).contains(new Conflict("m1", Field.SENT_AT));
        assertThat(MessageIdentity.conflict(t, new Tombstone("m1", "urn:chat:other", AT, AT)))
                .contains(new Conflict("m1", Field.CONVERSATION));
        assertThat(MessageIdentity.conflict(t, new Tombstone("m1", "urn:chat:ab", AT, AT.plusSeconds(99)))).isEmpty();
    }

    @Test
    void theRefusalsOfAMergeNameBothCopies() {
        assertThatThrownBy(() -> MessageIdentity.requireSame(M, ChatMessage.text("m1", "urn:chat:other", "urn:user:a",
                AT, "hi"))).isInstanceOf(VaultDataException.class)
                .hasMessageContaining("message id m1 is used for two different messages")
                .hasMessageContaining("urn:chat:ab").hasMessageContaining("urn:chat:other");
        assertThatThrownBy(() -> MessageIdentity.requireSame(new Tombstone("m1", "urn:chat:ab", AT.plusSeconds(1), AT),
                M)).isInstanceOf(VaultDataException.class).hasMessageContaining("tombstone of m1");
        assertThatThrownBy(() -> MessageIdentity.requireSame(M.tombstone(AT), new Tombstone("m1", "urn:chat:x", AT, AT)))
                .isInstanceOf(VaultDataException.class).hasMessageContaining("deleted twice");
    }

    @Test
    void twoIdsAreNeverComparedAsOne() {
        assertThatThrownBy(() -> MessageIdentity.conflict(M, ChatMessage.text("m2", "urn:chat:ab", "urn:user:a", AT,
                "hi"))).isInstanceOf(IllegalArgumentException.class);
    }
}
