package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Amazon S3 and S3-compatible services (MinIO, Cloudflare R2, Backblaze B2, Wasabi) as a chatsync
 * remote, on the AWS SDK for Java v2.
 *
 * <p>Remote URI: {@code s3://bucket/prefix?endpoint=URL&region=R&pathStyle=true&conditionalWrites=atomic};
 * chatsync keeps its files under {@code prefix/<root>/}. Credentials come from the SDK's default chain
 * (environment, profile, web identity, instance role) and never from the URI; embedders may pass
 * their own {@link AwsCredentialsProvider}. Throttling and 5xx answers are retried by the SDK's
 * adaptive retry strategy before anything is reported.
 */
public final class S3Provider implements StorageProvider {
    /** This provider's id. */
    public static final String ID = "s3";

    private final Supplier<AwsCredentialsProvider> credentials;

    /** The provider as ServiceLoader creates it: credentials from the SDK's default chain. */
    public S3Provider() {
        this(() -> DefaultCredentialsProvider.builder().build());
    }

    /** A provider with the embedder's own credentials. */
    public S3Provider(AwsCredentialsProvider credentials) {
        this(() -> credentials);
    }

    private S3Provider(Supplier<AwsCredentialsProvider> credentials) {
        this.credentials = credentials;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Amazon S3 and compatible";
    }

    /** What AWS S3 itself gives; an opened storage declares what its endpoint's settings allow. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS, Capability.CONSISTENT_LISTING);
    }

    @Override
    public Set<String> uriSchemes() {
        return Set.of("s3");
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        S3Settings settings = S3Settings.from(config);
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(credentials.get())
                .region(region(settings))
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o
                        .retryStrategy(RetryMode.ADAPTIVE_V2)
                        .apiCallAttemptTimeout(Duration.ofSeconds(90))
                        .apiCallTimeout(Duration.ofMinutes(5)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return new S3Storage(builder.build(), settings);
    }

    private static Region region(S3Settings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        if (settings.endpoint().isPresent()) {
            return Region.US_EAST_1; // most S3-compatible services accept any region name
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new StorageException("s3: no region for bucket " + settings.bucket() + "; add ?region=eu-west-1 "
                    + "(or the bucket's region) to the remote, or set AWS_REGION", e);
        }
    }
}
