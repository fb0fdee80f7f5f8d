package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @TempDir
    Path tmp;

    @Test
    void aUriRemoteTakesItsOptionsAndRootFromTheUriAndRefusesCredentials() {
        RemoteSettings.ByUri remote = (RemoteSettings.ByUri) RemoteSettings.uri("s3://bucket/chats?region=eu-west-1");
        assertThat(remote.config()).isEqualTo(new ProviderConfig("bucket/chats", ProviderConfig.DEFAULT_ROOT,
                Map.of("region", "eu-west-1")));
        assertThatThrownBy(() -> RemoteSettings.uri("s3://AKIA:abc/def@bucket/chats"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never takes secrets in a URI")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc/def"));
    }

    @Test
    void settingsNeedARemoteAndAtMostOnePerProvider() {
        PassphraseSource passphrase = PassphraseSource.of("p".toCharArray());
        assertThatThrownBy(() -> new ChatSyncSettings(List.of(), passphrase,
                io.tinywide.chatsync.core.port.in.EngineSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one remote");
        RemoteSettings folder = RemoteSettings.provider("localfs", ProviderConfig.of("/a"));
        assertThatThrownBy(() -> ChatSyncSettings.of(passphrase, folder, RemoteSettings.provider("localfs",
                ProviderConfig.of("/b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two remotes name provider 'localfs'");
        assertThat(ChatSyncSettings.of(passphrase, folder).withEngine(
                io.tinywide.chatsync.core.port.in.EngineSettings.DEFAULTS.withEagerMonths(1)).engine().eagerMonths())
                .isEqualTo(1);
    }

    @Test
    void aPassphraseFileGivesItsFirstLineAndSaysWhatIsWrongWithIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("passphrase"), "correct horse\nignored\n", StandardCharsets.UTF_8);
        assertThat(PassphraseSource.file(file).read()).containsExactly("correct horse".toCharArray());
        Path blank = Files.writeString(tmp.resolve("blank"), "   \n");
        assertThatThrownBy(() -> PassphraseSource.file(blank).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("blank").hasMessageContaining(blank.toString());
        Path empty = Files.writeString(tmp.resolve("empty"), "");
        assertThatThrownBy(() -> PassphraseSource.file(empty).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> PassphraseSource.file(tmp.resolve("absent")).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read the chatsync passphrase file");
    }

    @Test
    void anUnsetEnvironmentVariableIsNamed() {
        String unset = "CHATSYNC_TEST_SURELY_UNSET_" + System.nanoTime();
        assertThatThrownBy(() -> PassphraseSource.environment(unset).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(unset + " is not set");
    }

    @Test
    void aGivenPassphraseIsCopiedSoTheCallerMayClearIt() {
        char[] typed = "typed".toCharArray();
        PassphraseSource source = PassphraseSource.of(typed);
        java.util.Arrays.fill(typed, '\0');
        assertThat(source.read()).containsExactly("typed".toCharArray());
        assertThatThrownBy(() -> PassphraseSource.of(" \t".toCharArray())).isInstanceOf(IllegalStateException.class);
    }

    /** Read once when the runtime starts, never again, and the array handed out is cleared. */
    @Test
    void theRuntimeReadsThePassphraseOnceAndClearsWhatItRead() throws Exception {
        List<char[]> handedOut = new CopyOnWriteArrayList<>();
        PassphraseSource counting = () -> {
            char[] p = "a passphrase".toCharArray();
            handedOut.add(p);
            return p;
        };
        ChatSyncSettings settings = ChatSyncSettings.of(counting,
                RemoteSettings.provider(LocalFsProvider.ID, ProviderConfig.of(tmp.toString())));
        try (ChatSyncRuntime runtime = new ChatSyncRuntime(Map.of(LocalFsProvider.ID, new LocalFsProvider()), settings,
                new InMemoryMessageStore(), new InMemorySyncStateStore())) {
            assertThat(runtime.service().syncMessages(LocalFsProvider.ID).isComplete()).isTrue();
            assertThat(runtime.service().syncMessages(LocalFsProvider.ID).isComplete()).isTrue();
        }
        assertThat(handedOut).hasSize(1);
        assertThat(handedOut.get(0)).containsOnly('\0');
    }
}
