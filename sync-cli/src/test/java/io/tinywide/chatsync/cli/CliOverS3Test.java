package io.tinywide.chatsync.cli;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line with an {@code s3://} remote, against a real S3 server (S3Proxy in-process).
 * Credentials reach the provider the way they do for users: through the SDK's default chain, here
 * its system-property source.
 */
class CliOverS3Test {
    private static S3Proxy proxy;
    private static String remote;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "cli-access", "cli-secret").build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        try (S3Client admin = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("cli-access", "cli-secret"))).build()) {
            admin.createBucket(b -> b.bucket("chats"));
        }
        System.setProperty("aws.accessKeyId", "cli-access");
        System.setProperty("aws.secretAccessKey", "cli-secret");
        remote = "s3://chats/family?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true";
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        proxy.stop();
    }

    private String run(String device, String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[6 + command.length];
        System.arraycopy(new String[] {"--store", tmp.resolve(device + ".db").toString(), "--remote", remote,
                "--passphrase-file", tmp.resolve("pass").toString()}, 0, args, 0, 6);
        System.arraycopy(command, 0, args, 6, command.length);
        int status = ChatsyncCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(String.join(" ", command) + ": " + err).isZero();
        return out.toString();
    }

    @Test
    void twoDevicesSyncThroughAnS3Bucket() throws Exception {
        Files.writeString(tmp.resolve("pass"), "s3 passphrase\n");
        Path input = Files.writeString(tmp.resolve("in.jsonl"), "{\"id\":\"m1\",\"conversation\":\"urn:chat:a\","
                + "\"sender\":\"urn:user:a\",\"sentAt\":\"2024-05-01T10:00:00Z\",\"type\":\"text\",\"text\":\"over s3\"}\n");
        run("a", "import", input.toString());
        assertThat(run("a", "sync")).contains("s3://chats/family/tinywide/messaging/", "1 uploaded");
        run("b", "sync");
        assertThat(run("b", "export")).contains("over s3");
        assertThat(run("b", "verify")).contains("2 files ok, 0 bad");
    }

    @Test
    void credentialsTypedIntoTheRemoteAreRefusedAndNeverPrintedOrStored() throws Exception {
        Files.writeString(tmp.resolve("pass"), "s3 passphrase\n");
        for (String leaky : new String[] {"s3://AKIAEXAMPLE:s3cr3t@chats/family", "s3://AKIAEXAMPLE:s3%cr3t@chats",
                "s3://AKIAEXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYs3cr3t@chats/my phone",
                "s3://AKIAEXAMPLE:s3?cr3t@chats", "gdrive://AKIAEXAMPLE:s3/cr3t@host/x"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = ChatsyncCli.run(new String[] {"--store", tmp.resolve("leak.db").toString(), "--remote", leaky,
                    "--passphrase-file", tmp.resolve("pass").toString(), "sync"}, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            assertThat(status).isNotZero();
            assertThat(err.toString()).as(leaky).contains("credentials").doesNotContain("cr3t")
                    .doesNotContain("AKIAEXAMPLE");
            assertThat(out.toString()).doesNotContain("s3cr3t");
        }
        assertThat(tmp.resolve("leak.db")).as("a refused remote leaves no store, and so no trace of it").doesNotExist();
    }
}
