package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.fake.dropbox.FakeDropbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line with a {@code dropbox:} remote against the Dropbox fake, as a user runs it: first
 * {@code chatsync auth dropbox} (the consent address opened, the code pasted), then import, sync,
 * restore and verify on two devices. The app key reaches the flow through its system property.
 */
class CliOverDropboxTest {
    private static FakeDropbox fake;
    private final InputStream stdin = System.in;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        fake = FakeDropbox.start();
        System.setProperty("chatsync.dropbox.appKey", fake.appKey());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("chatsync.dropbox.appKey");
        fake.close();
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private String remote() {
        return "dropbox:?endpoint=" + fake.endpoint() + "&credential=" + tmp.resolve("dropbox-credential.json");
    }

    /**
     * Standard input typed by a person who opens the address the command printed and types the code the
     * consent page shows.
     */
    private static InputStream personAt(StringWriter screen) {
        return new InputStream() {
            private InputStream typed;

            @Override
            public int read() throws IOException {
                if (typed == null) {
                    Matcher url = Pattern.compile("http://\\S+/oauth2/authorize\\S*").matcher(screen.toString());
                    assertThat(url.find()).as("the consent address on screen: " + screen).isTrue();
                    try (InputStream page = URI.create(url.group()).toURL().openStream()) {
                        String[] lines = new String(page.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
                        typed = new ByteArrayInputStream((lines[lines.length - 1] + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
                return typed.read();
            }
        };
    }

    private String run(String device, String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[6 + command.length];
        System.arraycopy(new String[] {"--store", tmp.resolve(device + ".db").toString(), "--remote", remote(),
                "--passphrase-file", tmp.resolve("pass").toString()}, 0, args, 0, 6);
        System.arraycopy(command, 0, args, 6, command.length);
        System.setIn(personAt(out));
        int status = ChatsyncCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(String.join(" ", command) + ": " + err).isZero();
        return out.toString();
    }

    @Test
    void authorizeOnceThenTwoDevicesSyncRestoreAndVerifyThroughDropbox() throws Exception {
        Files.writeString(tmp.resolve("pass"), "dropbox passphrase\n");
        String auth = run("a", "auth", "dropbox");
        assertThat(auth).contains("www.dropbox.com/oauth2/authorize", "authorized dropbox",
                tmp.resolve("dropbox-credential.json").toString());

        Path input = Files.writeString(tmp.resolve("in.jsonl"), """
                {"id":"m1","conversation":"urn:chat:a","sender":"urn:user:a",\
                "sentAt":"2024-05-01T10:00:00Z","type":"text","text":"over dropbox"}
                {"id":"m2","conversation":"urn:chat:a","sender":"urn:user:a",\
                "sentAt":"2024-04-01T10:00:00Z","type":"text","text":"april"}
                {"id":"m3","conversation":"urn:chat:a","sender":"urn:user:a",\
                "sentAt":"2024-03-01T10:00:00Z","type":"text","text":"march"}
                {"id":"m4","conversation":"urn:chat:a","sender":"urn:user:a",\
                "sentAt":"2023-01-01T10:00:00Z","type":"text","text":"an old one"}
                """);
        run("a", "import", input.toString());
        assertThat(run("a", "sync")).contains("dropbox:/tinywide/messaging", "4 uploaded");
        assertThat(fake.paths()).contains("/tinywide/messaging/keyring.json",
                "/tinywide/messaging/2024/chat_vault_2024_05.json");

        run("b", "sync");
        assertThat(run("b", "export")).contains("over dropbox").doesNotContain("an old one");
        run("b", "restore", "--month", "2023-01");
        assertThat(run("b", "export")).contains("an old one");
        assertThat(run("b", "verify")).contains("8 files ok, 0 bad");
    }

    @Test
    void checkRemoteLeavesNoFolderBehindInTheAppFolder() throws Exception {
        Files.writeString(tmp.resolve("pass"), "dropbox passphrase\n");
        run("a", "auth", "dropbox");

        String out = run("a", "check-remote");

        assertThat(out).contains("checking dropbox:/tinywide/messaging/.chatsync-check-", "is removed");
        assertThat(fake.folders()).as("Dropbox keeps emptied folders: the scratch root's must be removed")
                .noneMatch(folder -> folder.contains(".chatsync-check-"));
    }

    @Test
    void withoutAuthorizationTheCommandSaysToAuthorizeFirst() throws IOException {
        Files.writeString(tmp.resolve("pass"), "dropbox passphrase\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(new String[] {"--store", tmp.resolve("x.db").toString(), "--remote", remote(),
                "--passphrase-file", tmp.resolve("pass").toString(), "sync"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("chatsync auth dropbox").hasLineCount(1);
    }
}
