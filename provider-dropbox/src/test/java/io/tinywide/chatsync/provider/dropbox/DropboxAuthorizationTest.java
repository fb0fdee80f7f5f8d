package io.tinywide.chatsync.provider.dropbox;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code chatsync auth dropbox} end to end against the fake: the PKCE flow prints the consent address,
 * a "browser" opens it and reads the code, the code is pasted back, and the refresh credential is
 * stored 0600, from where {@code open} uses it.
 */
class DropboxAuthorizationTest {
    static FakeAccount account;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        account = FakeAccount.start();
    }

    @AfterAll
    static void stop() {
        account.close();
    }

    private Function<String, String> env() {
        return Map.of(DropboxSettings.APP_KEY_VARIABLE, account.fake.appKey(), "XDG_CONFIG_HOME", tmp.toString())::get;
    }

    /** Says lines into a list; answers with what the consent page shows when the printed address is opened. */
    static final class Browser implements Authorization.Dialog {
        final List<String> said = new ArrayList<>();
        String answer;

        @Override
        public void say(String line) {
            said.add(line);
        }

        @Override
        public String ask(String prompt) {
            said.add(prompt);
            if (answer != null) {
                return answer;
            }
            String url = said.stream().map(String::strip).filter(l -> l.startsWith("http")).findFirst().orElseThrow();
            try (InputStream in = URI.create(url).toURL().openStream()) {
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
                return lines[lines.length - 1];
            } catch (IOException e) {
                throw new AssertionError("the consent page at " + url + " failed", e);
            }
        }
    }

    @Test
    void theCodeFlowStoresARefreshCredentialReadableByTheUserOnlyWhereOpenFindsIt() throws Exception {
        DropboxProvider provider = new DropboxProvider(env(), null, FakeAccount.TEST_BACKOFF);
        Browser browser = new Browser();

        Path stored = provider.authorization().orElseThrow().authorize(account.config("auth-root"), browser);

        assertThat(stored).isEqualTo(tmp.resolve("chatsync/dropbox-credential.json"));
        assertThat(browser.said).anySatisfy(l -> assertThat(l).contains(account.fake.endpoint() + "www.dropbox.com/oauth2/"
                + "authorize?").contains("code_challenge=").contains("token_access_type=offline"));
        assertThat(Files.getPosixFilePermissions(stored)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(stored, StandardCharsets.UTF_8)).contains("\"refresh_token\"", "\"app_key\"");

        try (CloudStorage storage = provider.open(account.config("auth-root"))) {
            storage.write("a.json", "hello".getBytes(StandardCharsets.UTF_8), WriteCondition.ifAbsent());
            assertThat(storage.read("a.json")).isPresent();
            account.fake.expireAccessTokens(); // the stored refresh token renews it
            assertThat(storage.read("a.json")).isPresent();
        }
    }

    @Test
    void aCredentialOptionNamesAnotherFile() {
        Path file = tmp.resolve("elsewhere/dbx.json");
        DropboxProvider provider = new DropboxProvider(env(), null, FakeAccount.TEST_BACKOFF);

        Path stored = provider.authorization().orElseThrow().authorize(
                account.config("r", "credential", file.toString()), new Browser());

        assertThat(stored).isEqualTo(file.toAbsolutePath());
        assertThat(tmp.resolve("chatsync")).doesNotExist();
    }

    @Test
    void aWrongCodeIsRefusedAndNothingIsStored() {
        DropboxProvider provider = new DropboxProvider(env(), null, FakeAccount.TEST_BACKOFF);
        Browser browser = new Browser();
        browser.answer = "not-the-code";

        assertThatThrownBy(() -> provider.authorization().orElseThrow().authorize(account.config("r"), browser))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("refused the code")
                .hasMessageContaining("chatsync auth dropbox");
        assertThat(tmp.resolve("chatsync/dropbox-credential.json")).doesNotExist();
    }

    @Test
    void withoutAnAppKeyTheFlowSaysWhereToPutOne() {
        DropboxProvider provider = new DropboxProvider(Map.of("XDG_CONFIG_HOME", tmp.toString())::get, null,
                FakeAccount.TEST_BACKOFF);

        assertThatThrownBy(() -> provider.authorization().orElseThrow().authorize(account.config("r"), new Browser()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("CHATSYNC_DROPBOX_APP_KEY");
    }

    @Test
    void aRevokedStoredAuthorizationSaysToAuthorizeAgain() {
        try (FakeAccount other = FakeAccount.start()) {
            Function<String, String> env = Map.of(DropboxSettings.APP_KEY_VARIABLE, other.fake.appKey(),
                    "XDG_CONFIG_HOME", tmp.toString())::get;
            DropboxProvider provider = new DropboxProvider(env, null, FakeAccount.TEST_BACKOFF);
            provider.authorization().orElseThrow().authorize(other.config("r"), new Browser());
            other.fake.revokeAll();
            other.fake.expireAccessTokens();

            CloudStorage storage = provider.open(other.config("r"));
            assertThatThrownBy(() -> storage.list("")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("chatsync auth dropbox");
        }
    }
}
