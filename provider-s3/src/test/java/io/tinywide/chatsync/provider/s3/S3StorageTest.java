package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the kit cannot say in general: the URI, the settings, and S3's own failure modes. */
class S3StorageTest {
    static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theRemoteUriOfTheDesignIsUnderstood() {
        ProviderConfig config = ProviderConfig.fromUri(URI.create(
                "s3://my-bucket/backups/phone?endpoint=https://minio.local:9000&region=eu-west-1&pathStyle=true"),
                "tinywide/messaging");
        S3Settings s = S3Settings.from(config);
        assertThat(s.bucket()).isEqualTo("my-bucket");
        assertThat(s.keyPrefix()).isEqualTo("backups/phone/tinywide/messaging/");
        assertThat(s.endpoint()).contains(URI.create("https://minio.local:9000"));
        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.conditionalWrites()).as("a custom endpoint claims no atomicity by default")
                .isEqualTo(ConditionalWrites.NON_ATOMIC);
        assertThat(S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b"), "r")).conditionalWrites())
                .as("AWS itself is atomic").isEqualTo(ConditionalWrites.ATOMIC);
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b?secretKey=x"), "r")))
                .hasMessageContaining("unknown option 'secretKey'").hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b?conditionalWrites=maybe"),
                "r"))).hasMessageContaining("atomic, non-atomic or emulated");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b?pageSize=abc"), "r")))
                .hasMessageContaining("option pageSize").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b?endpoint=minio:9000"),
                "r"))).hasMessageContaining("option endpoint").hasMessageContaining("http or https");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://b?pathStyle=yes"), "r")))
                .hasMessageContaining("option pathStyle").hasMessageContaining("'yes'");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3:///prefix"), "r")))
                .as("an empty authority is no bucket, and the prefix is not one").hasMessageContaining("no bucket");
    }

    @Test
    void credentialsInTheRemoteAreRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> ProviderConfig.fromUri(URI.create("s3://AKIAEXAMPLE:s3cr3t@bucket/p"), "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials")
                .message().doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE");
        assertThatThrownBy(() -> ProviderRegistry.load(getClass().getClassLoader())
                .forUri(URI.create("nope://AKIAEXAMPLE:s3cr3t@bucket/p")))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("s3cr3t");
        // A secret with '/' in it breaks the URI's user info apart; the bucket check still catches it.
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create("s3://AKIAEXAMPLE:s3/cr3t@b"),
                "r"))).hasMessageContaining("credentials").message().doesNotContain("s3/cr3t").doesNotContain("AKIA");
        assertThatThrownBy(() -> S3Settings.from(ProviderConfig.fromUri(URI.create(
                "s3://b?endpoint=https://AKIAEXAMPLE:s3cr3t@minio.local:9000"), "r")))
                .hasMessageContaining("credentials").message().doesNotContain("s3cr3t");
        for (String endpoint : new String[] {"https://AKIAEXAMPLE:s3cr3t@minio.local:9000",
                "https://AKIAEXAMPLE:s3/cr3t@minio.local:9000"}) {       // as a program would pass it
            assertThatThrownBy(() -> S3Settings.from(new ProviderConfig("b", "r", Map.of("endpoint", endpoint))))
                    .hasMessageContaining("endpoint carries credentials").message().doesNotContain("cr3t");
        }
        // AWS secret keys hold '/', and a '?' or '#' in one breaks the URI apart just as well
        for (String leaky : new String[] {"s3://AKIAEXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY@b/p",
                "s3://AKIAEXAMPLE:se?cr3t@b/p", "s3://AKIAEXAMPLE:se#cr3t@b/p", "file://user:pa/ss@nas/share"}) {
            assertThatThrownBy(() -> ProviderConfig.fromUri(URI.create(leaky), "r")).as(leaky)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials")
                    .message().doesNotContain("cr3t").doesNotContain("EXAMPLEKEY").doesNotContain("pa/ss");
        }
        assertThat(ProviderConfig.fromUri(URI.create("file:///home/me/chats@home"), "r").location())
                .as("an '@' in a path is no credential").isEqualTo("/home/me/chats@home");
    }

    @Test
    void isFoundByServiceLoaderForS3Uris() {
        assertThat(ProviderRegistry.load().forUri(URI.create("s3://bucket/x"))).isInstanceOf(S3Provider.class);
        assertThat(ProviderRegistry.load().require("s3").displayName()).contains("S3");
    }

    @Test
    void capabilitiesFollowTheEndpointsConfiguration() {
        String bucket = server.newBucket();
        try (CloudStorage atomic = server.provider().open(server.config(bucket, "r",
                Map.of("conditionalWrites", "atomic")));
             CloudStorage racy = server.provider().open(server.config(bucket, "r", Map.of()))) {
            assertThat(atomic.capabilities()).contains(Capability.ATOMIC_CONDITIONAL_WRITE);
            assertThat(racy.capabilities()).doesNotContain(Capability.ATOMIC_CONDITIONAL_WRITE);
        }
    }

    @Test
    void emulatedConditionalWritesStillRefuseStaleWrites() {
        String bucket = server.newBucket();
        try (CloudStorage s = server.provider().open(server.config(bucket, "r", Map.of("conditionalWrites",
                "emulated")))) {
            var r1 = s.write("a.json", bytes("one"), WriteCondition.ifAbsent());
            assertThatThrownBy(() -> s.write("a.json", bytes("x"), WriteCondition.ifAbsent()))
                    .isInstanceOf(io.tinywide.chatsync.core.port.out.PreconditionFailedException.class);
            var r2 = s.write("a.json", bytes("two"), WriteCondition.ifMatch(r1));
            assertThatThrownBy(() -> s.write("a.json", bytes("three"), WriteCondition.ifMatch(r1)))
                    .isInstanceOf(io.tinywide.chatsync.core.port.out.PreconditionFailedException.class);
            assertThat(s.read("a.json").orElseThrow().revision()).isEqualTo(r2);
        }
    }

    @Test
    void aRetriedCreateWhoseFirstAttemptLandedSucceedsButARealConflictFails() {
        String bucket = server.newBucket();
        try (CloudStorage s = server.provider().open(server.config(bucket, "r", Map.of()))) {
            var first = s.write("k.json", bytes("same bytes"), WriteCondition.ifAbsent());
            assertThat(s.write("k.json", bytes("same bytes"), WriteCondition.ifAbsent()))
                    .as("the same bytes are already there: the write landed").isEqualTo(first);
            assertThatThrownBy(() -> s.write("k.json", bytes("other bytes"), WriteCondition.ifAbsent()))
                    .isInstanceOf(io.tinywide.chatsync.core.port.out.PreconditionFailedException.class);
            assertThat(s.read("k.json").orElseThrow().bytes()).isEqualTo(bytes("same bytes"));
        }
    }

    @Test
    void aMissingBucketIsAClearErrorNotAnEmptyRemote() {
        try (CloudStorage s = server.provider().open(server.config("no-such-bucket-here", "r", Map.of()))) {
            assertThatThrownBy(() -> s.read("keyring.json")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("bucket 'no-such-bucket-here' not found").hasMessageContaining("create it");
            assertThatThrownBy(() -> s.list("")).hasMessageContaining("not found");
        }
    }

    @Test
    void wrongCredentialsAreAnAuthenticationErrorWithAHint() {
        String bucket = server.newBucket();
        S3Provider wrong = new S3Provider(StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "x")));
        try (CloudStorage s = wrong.open(server.config(bucket, "r", Map.of()))) {
            assertThatThrownBy(() -> s.read("keyring.json")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
        }
    }

    @Test
    void anUnreachableEndpointIsATransientErrorNotAnAbsentFile() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderConfig config = new ProviderConfig("bucket", "r", Map.of("endpoint", "http://127.0.0.1:" + closedPort,
                "region", "us-east-1", "pathStyle", "true"));
        try (CloudStorage s = server.provider().open(config)) {
            assertThatThrownBy(() -> s.read("keyring.json")).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
