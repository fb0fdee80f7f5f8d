package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.ProviderConfig;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A real S3 server for tests: S3Proxy with an in-memory blob store, started in-process on a free
 * loopback port, with AWS v2/v4 signatures checked against one test identity.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "chatsync-test-access";
    static final String SECRET_KEY = "chatsync-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3ProxyServer(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.admin = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).build();
    }

    static S3ProxyServer start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    URI endpoint() {
        return endpoint;
    }

    /** A fresh, empty bucket. */
    String newBucket() {
        String bucket = "chatsync-" + UUID.randomUUID().toString().substring(0, 13);
        admin.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** The provider with the test identity. */
    S3Provider provider() {
        return new S3Provider(credentials());
    }

    /** A config for {@code bucket/prefix} on this server, plus any options. */
    ProviderConfig config(String bucketAndPrefix, String root, Map<String, String> options) {
        Map<String, String> all = new TreeMap<>(Map.of("endpoint", endpoint.toString(), "region", "us-east-1",
                "pathStyle", "true"));
        all.putAll(options);
        return new ProviderConfig(bucketAndPrefix, root, all);
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }
}
