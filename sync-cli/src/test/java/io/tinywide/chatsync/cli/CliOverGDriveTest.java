package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.fake.gdrive.FakeDrive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line with a {@code gdrive:} remote, against the fake Google Drive over a loopback socket
 * (the same way a user points chatsync at {@code java -jar fake-gdrive.jar}): the consent flow of
 * {@code auth gdrive} with a browser that follows the redirect, then import, sync, restore, export and
 * verify on two devices.
 */
class CliOverGDriveTest {
    private static FakeDrive drive;
    private final InputStream stdin = System.in;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        drive = FakeDrive.start();
    }

    @AfterAll
    static void stop() {
        drive.close();
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private String remote(Path credentials) {
        return "gdrive:?endpoint=" + drive.endpoint() + "&credentials=" + credentials.toUri().getPath()
                + "&clientSecrets=" + tmp.resolve("client.json").toUri().getPath();
    }

    private CliTest.Result chatsync(Writer outSink, String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        Writer both = outSink == null ? out : new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws java.io.IOException {
                out.write(c, off, len);
                outSink.write(c, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        int status = ChatsyncCli.run(args, new PrintWriter(both, true), new PrintWriter(err, true));
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    private String ok(String device, String remote, String... command) {
        String[] args = new String[6 + command.length];
        System.arraycopy(new String[] {"--store", tmp.resolve(device + ".db").toString(), "--remote", remote,
                "--passphrase-file", tmp.resolve("pass").toString()}, 0, args, 0, 6);
        System.arraycopy(command, 0, args, 6, command.length);
        CliTest.Result r = chatsync(null, args);
        assertThat(r.status()).as(String.join(" ", command) + ": " + r.err()).isZero();
        return r.out();
    }

    /** {@code auth gdrive}, with a "browser" that opens the printed address and follows its redirect. */
    private Path authorize() throws Exception {
        Files.writeString(tmp.resolve("client.json"), "{\"installed\":{\"client_id\":\"" + drive.clientId()
                + "\",\"client_secret\":\"" + drive.clientSecret() + "\",\"redirect_uris\":[\"http://localhost\"]}}");
        Path credentials = tmp.resolve("config/gdrive-credentials.json");
        System.setIn(new ByteArrayInputStream(new byte[0])); // nobody types: the browser must come back
        CompletableFuture<Integer> browser = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Writer watch = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                seen.append(c, off, len);
                Matcher m = Pattern.compile("(http://\\S+/o/oauth2/auth\\?\\S+)").matcher(seen);
                if (!browser.isDone() && m.find()) {
                    String url = m.group(1);
                    browser.completeAsync(() -> open(url));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CliTest.Result r = chatsync(watch, "--remote", remote(credentials), "auth", "gdrive");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(browser.get()).as("the loopback page the browser landed on").isEqualTo(200);
        assertThat(r.out()).contains("authorized gdrive", credentials.toString());
        assertThat(drive.authorizationRequests()).last().satisfies(q -> {
            assertThat(q.get("code_challenge_method")).isEqualTo("S256");
            assertThat(q.get("scope")).isEqualTo("https://www.googleapis.com/auth/drive.appdata");
            assertThat(q.get("redirect_uri")).startsWith("http://127.0.0.1:");
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        return credentials;
    }

    private static int open(String url) {
        try {
            HttpURLConnection browser = (HttpURLConnection) URI.create(url).toURL().openConnection();
            browser.setInstanceFollowRedirects(true); // http to http: the consent page's 302 to the loopback
            int status = browser.getResponseCode();
            browser.getInputStream().readAllBytes();
            return status;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void authorizeOnceThenTwoDevicesSyncRestoreAndVerifyThroughDrive() throws Exception {
        String remote = remote(authorize());
        Files.writeString(tmp.resolve("pass"), "drive passphrase\n");
        Path input = Files.writeString(tmp.resolve("in.jsonl"), "{\"id\":\"m1\",\"conversation\":\"urn:chat:a\","
                + "\"sender\":\"urn:user:a\",\"sentAt\":\"2024-05-01T10:00:00Z\",\"type\":\"text\",\"text\":\"over drive\"}\n"
                + "{\"id\":\"m2\",\"conversation\":\"urn:chat:a\",\"sender\":\"urn:user:a\","
                + "\"sentAt\":\"2021-02-01T10:00:00Z\",\"type\":\"text\",\"text\":\"an old one\"}\n"
                + line("m3", "2024-04-01") + line("m4", "2024-03-01"));
        ok("a", remote, "import", input.toString());
        assertThat(ok("a", remote, "sync")).contains("gdrive:appDataFolder/tinywide/messaging", "4 uploaded");
        ok("b", remote, "sync");
        assertThat(ok("b", remote, "export")).contains("over drive").doesNotContain("an old one");
        ok("b", remote, "restore", "--month", "2021-02");
        assertThat(ok("b", remote, "export")).contains("over drive", "an old one");
        assertThat(ok("b", remote, "verify")).contains("8 files ok, 0 bad");
        assertThat(drive.files()).filteredOn(f -> !f.isFolder()).allMatch(f -> f.space().equals("appDataFolder"));
    }

    private static String line(String id, String day) {
        return "{\"id\":\"" + id + "\",\"conversation\":\"urn:chat:a\",\"sender\":\"urn:user:a\",\"sentAt\":\"" + day
                + "T10:00:00Z\",\"type\":\"text\",\"text\":\"recent " + id + "\"}\n";
    }

    @Test
    void withoutAuthorizationTheErrorSaysToRunAuth() throws Exception {
        Files.writeString(tmp.resolve("pass"), "drive passphrase\n");
        CliTest.Result r = chatsync(null, "--store", tmp.resolve("x.db").toString(), "--remote",
                remote(tmp.resolve("missing.json")), "--passphrase-file", tmp.resolve("pass").toString(), "sync");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("chatsync auth gdrive").contains("missing.json");
    }
}
