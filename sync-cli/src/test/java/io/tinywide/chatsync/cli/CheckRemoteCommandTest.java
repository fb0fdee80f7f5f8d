package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.tck.rules.StorageRules;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check-remote} against a real folder and a real S3 server (S3Proxy in-process): which rules
 * hold, which capabilities the remote has against those it declares, and that it leaves no trace and
 * touches no other file.
 */
class CheckRemoteCommandTest {
    private static S3Proxy proxy;
    private static String endpoint;
    private static S3Client admin;

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) { }

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "check-access", "check-secret-key").build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        admin = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("check-access", "check-secret-key"))).build();
        admin.createBucket(b -> b.bucket("chats"));
        System.setProperty("aws.accessKeyId", "check-access");
        System.setProperty("aws.secretAccessKey", "check-secret-key");
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        admin.close();
        proxy.stop();
    }

    private static Result checkRemote(String remote) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(new String[] {"--remote", remote, "check-remote"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    /** Every file under a folder with its content and modification time. */
    private static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String kind = Files.isDirectory(p) ? "folder" : Files.readString(p, StandardCharsets.ISO_8859_1) + " @ "
                        + Files.getLastModifiedTime(p).toMillis();
                files.put(folder.relativize(p).toString(), kind);
            }
        }
        return files;
    }

    @Test
    void aFolderKeepsEveryRuleItCanBeCheckedForAndIsLeftAsItWas() throws Exception {
        Path remote = Files.createDirectories(tmp.resolve("nas"));
        Path root = Files.createDirectories(remote.resolve("tinywide/messaging/2024"));
        Files.writeString(root.resolve("chat_vault_2024_01.json"), "someone's month");
        Files.setLastModifiedTime(root.resolve("chat_vault_2024_01.json"), FileTime.fromMillis(1_700_000_000_000L));
        Files.writeString(remote.resolve("tinywide/messaging/keyring.json"), "someone's keyring");
        Map<String, String> before = snapshot(remote);

        Result r = checkRemote(remote.toUri().toString());

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("checking localfs:" + remote.resolve("tinywide/messaging/.chatsync-check-"))
                .contains("holds    R2.1   read of an absent path is empty")
                .contains("holds    R4.5   racing conditional writers have exactly one winner")
                .contains("holds    R4.2   ifAbsent on an existing path fails and changes nothing")
                .contains("skipped  R1.2   provider is registered for the class path and the module path: the "
                        + "provider's registrations are checked in its own build")
                .contains("skipped  R12.1", "declares UNIQUE_PATHS")
                .containsPattern("ATOMIC_CONDITIONAL_WRITE +yes +yes: no revision or name was taken twice")
                .containsPattern("UNIQUE_PATHS +yes +yes: racing creators of one name left one file")
                .containsPattern("CONDITIONAL_DELETE +yes +yes: a delete with a stale revision was refused")
                .containsPattern("CONSISTENT_LISTING +yes +yes: 20 writes and deletes were listed at once")
                .contains("the scratch folder", "is removed");
        for (var rule : StorageRules.all()) {
            assertThat(r.out()).as("a line for %s", rule.id()).containsPattern("(holds|skipped) +" + rule.id()
                    .replace(".", "\\.") + " ");
        }
        assertThat(r.err()).isEmpty();
        assertThat(snapshot(remote)).as("no other file touched, no scratch folder left").isEqualTo(before);
    }

    @Test
    void anS3RemoteIsCheckedAndMeasuredInAScratchFolderOfItsPrefixOnly() throws Exception {
        admin.putObject(b -> b.bucket("chats").key("family/tinywide/messaging/keyring.json"),
                RequestBody.fromString("someone's keyring"));
        admin.putObject(b -> b.bucket("chats").key("family/tinywide/messaging-other/x.json"),
                RequestBody.fromString("a look-alike root"));

        Result r = checkRemote("s3://chats/family?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true");

        // A custom endpoint claims no atomic compare-and-set by default, and S3Proxy has none: honest.
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("checking s3://chats/family/tinywide/messaging/.chatsync-check-")
                .contains("skipped  R4.5", "does not declare ATOMIC_CONDITIONAL_WRITE")
                .contains("holds    R8.2", "holds    R9.1", "holds    R1.4")
                .containsPattern("ATOMIC_CONDITIONAL_WRITE +no +no: [1-9]\\d* revision\\(s\\) replaced by two writers")
                .containsPattern("CONDITIONAL_DELETE +no +no: a conditional delete is refused")
                .contains("is removed");
        assertThat(admin.listObjectsV2(b -> b.bucket("chats").prefix("family/")).contents())
                .extracting(S3Object::key).as("the scratch folder is gone, every other object kept")
                .containsExactlyInAnyOrder("family/tinywide/messaging/keyring.json",
                        "family/tinywide/messaging-other/x.json");
        assertThat(r.out() + r.err()).as("the secret key is never shown").doesNotContain("check-secret-key");
    }

    @Test
    void aRemoteThatClaimsAtomicWritesItDoesNotHaveIsCaught() throws Exception {
        Result r = checkRemote("s3://chats/claims?endpoint=" + endpoint
                + "&region=us-east-1&pathStyle=true&conditionalWrites=atomic");

        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(ChatsyncCli.FAILED);
        assertThat(r.out()).contains("FAILS    R4.5   racing conditional writers have exactly one winner: ")
                .containsPattern("ATOMIC_CONDITIONAL_WRITE +yes +no: [1-9]\\d* revision\\(s\\) replaced by two writers")
                .contains("is removed");
        assertThat(r.err()).startsWith("chatsync: s3://chats/claims/tinywide/messaging/.chatsync-check-")
                .contains("R4.5", "declares ATOMIC_CONDITIONAL_WRITE but does not have it",
                        "add conditionalWrites=non-atomic to the remote");
        assertThat(admin.listObjectsV2(b -> b.bucket("chats").prefix("claims/")).contents())
                .as("removed on failure too").isEmpty();
    }

    @Test
    void withoutARemoteItSaysWhatToGive() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ChatsyncCli.run(new String[] {"check-remote"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(status).isEqualTo(ChatsyncCli.FAILED);
        assertThat(err.toString()).contains("no remote given: pass --remote URI");
        assertThat(List.of(out.toString())).containsExactly("");
    }
}
