package io.tinywide.chatsync.core.port.out;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemotePathsTest {
    @Test
    void pathsThatCouldLeaveTheRootOrHoldControlCharactersAreRefused() {
        for (String bad : List.of("", "/a.json", "../a.json", "a/../b.json", "a/./b.json", ".", "a//b.json", "a/",
                "a\\b.json", "a\0b.json", "a\nb.json", "a\u001bb.json", "a\u007fb.json")) {
            assertThatThrownBy(() -> RemotePaths.requireValid("memory:x", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("memory:x: ");
        }
        assertThatThrownBy(() -> RemotePaths.requireValid("memory:x", "a\nb.json"))
                .hasMessageContaining("'a?b.json'").hasMessageContaining("control character");
        for (String good : List.of("keyring.json", "2024/chat_vault_2024_01.json", ".hidden", "..x", "a b/ü.json")) {
            assertThat(RemotePaths.requireValid("memory:x", good)).isEqualTo(good);
        }
    }

    @Test
    void aPrefixIsEmptyOrAValidPathWithAtMostOneTrailingSlash() {
        for (String good : List.of("", "2024/", "2024", "2024/chat_vault", "a/b/")) {
            assertThat(RemotePaths.requireValidPrefix("memory:x", good)).isEqualTo(good);
        }
        for (String bad : List.of("/", "../", "..", "a//", "a/../", "./", "\\", "a\n", "/2024/")) {
            assertThatThrownBy(() -> RemotePaths.requireValidPrefix("memory:x", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
