package io.tinywide.chatsync.examples.guice;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The messenger deployed with provider-s3: the shared scenario against S3Proxy, a real S3 server
 * started in-process. The credentials are S3Proxy's test identity, given to the AWS SDK's default
 * chain as system properties by this module's pom, as a deployment gives them.
 */
class S3DeploymentTest extends BackendScenario {
    private static final String PREFIX = "chats/";
    private static S3Proxy proxy;
    private static URI endpoint;
    private static S3Client admin;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, System.getProperty("aws.accessKeyId"),
                        System.getProperty("aws.secretAccessKey"))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        admin = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1).build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        admin.close();
        proxy.stop();
    }

    @Override
    protected String expectedProvider() {
        return "s3";
    }

    @Override
    protected String newRemote() {
        String bucket = "messenger-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(b -> b.bucket(bucket));
        return "s3://" + bucket + "/" + PREFIX + "?endpoint=" + endpoint + "&region=us-east-1";
    }

    @Override
    protected Set<String> filesIn(String remote) {
        String root = PREFIX + "tinywide/messaging/";
        return admin.listObjectsV2Paginator(l -> l.bucket(URI.create(remote).getHost()).prefix(root)).contents()
                .stream().map(S3Object::key).map(key -> key.substring(root.length())).collect(Collectors.toSet());
    }
}
