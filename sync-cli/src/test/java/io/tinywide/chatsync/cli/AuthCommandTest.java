package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code chatsync auth}: runs a provider's consent flow through the console, whatever the provider. */
class AuthCommandTest {
    private final InputStream stdin = System.in;

    @TempDir
    Path tmp;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private CliTest.Result chatsync(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    @Test
    void runsTheProvidersFlowWithTheOptionsOfItsRemote() throws Exception {
        Path credential = tmp.resolve("credential");
        CliTest.Result r = chatsync("the-code\n", "--remote", "consent-test:?endpoint=http://127.0.0.1:9/&file="
                + credential.toUri().getPath(), "auth", "consent-test");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("open https://consent.example/authorize", "code:", "authorized consent-test",
                credential.toString());
        assertThat(Files.readString(credential)).isEqualTo("the-code http://127.0.0.1:9/");
    }

    @Test
    void aRefusedConsentIsOneLineAndFails() {
        CliTest.Result r = chatsync("wrong\n", "--remote", "consent-test:?file=" + tmp.resolve("c").toUri().getPath(),
                "auth", "consent-test");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("refused code 'wrong'").hasLineCount(1);
        assertThat(tmp.resolve("c")).doesNotExist();
    }

    @Test
    void noAnswerOnStandardInputIsAClearFailure() {
        CliTest.Result r = chatsync("", "--remote", "consent-test:?file=" + tmp.resolve("c").toUri().getPath(),
                "auth", "consent-test");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("standard input ended");
    }

    @Test
    void aProviderWithoutAFlowOrAnUnknownOneIsNamed() {
        CliTest.Result local = chatsync("", "auth", "localfs");
        assertThat(local.status()).isEqualTo(1);
        assertThat(local.err()).contains("localfs needs no authorization");
        CliTest.Result unknown = chatsync("", "auth", "nope");
        assertThat(unknown.err()).contains("no provider 'nope'", "localfs", "s3");
    }

    @Test
    void aRemoteOfAnotherProviderIsRefused() {
        CliTest.Result r = chatsync("", "--remote", "file:/tmp/x", "auth", "consent-test");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("is not a remote of consent-test");
    }
}
