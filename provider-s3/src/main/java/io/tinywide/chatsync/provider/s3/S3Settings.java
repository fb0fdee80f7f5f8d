package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one S3 remote, read from a {@link ProviderConfig}: location {@code bucket/prefix}
 * and the options {@code endpoint}, {@code region}, {@code pathStyle}, {@code conditionalWrites} and
 * {@code pageSize}. Credentials are never settings: they come from the SDK's provider chain.
 */
record S3Settings(String bucket, String keyPrefix, Optional<URI> endpoint, Optional<String> region,
                  boolean pathStyle, ConditionalWrites conditionalWrites, int pageSize) {

    private static final Set<String> KNOWN = Set.of("endpoint", "region", "pathStyle", "conditionalWrites", "pageSize");

    static S3Settings from(ProviderConfig config) {
        for (String key : config.options().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new StorageException("s3: unknown option '" + key + "'; known options: " + KNOWN
                        + " (credentials never go in the URI: use AWS_ACCESS_KEY_ID/AWS_PROFILE)");
            }
        }
        String location = config.location().replaceAll("^/+", "");
        int slash = location.indexOf('/');
        String bucket = slash < 0 ? location : location.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new StorageException("s3: no bucket in the remote; use s3://bucket/prefix");
        }
        String prefix = slash < 0 ? "" : location.substring(slash + 1).replaceAll("/+$", "");
        String root = config.root().replaceAll("^/+|/+$", "");
        String keyPrefix = String.join("/", java.util.stream.Stream.of(prefix, root).filter(s -> !s.isEmpty())
                .toList());
        Optional<URI> endpoint = config.option("endpoint").map(URI::create);
        boolean pathStyle = config.option("pathStyle").map(Boolean::parseBoolean).orElse(endpoint.isPresent());
        // AWS itself is atomic; for another endpoint, send the headers but claim no atomicity unless told.
        ConditionalWrites conditional = config.option("conditionalWrites").map(ConditionalWrites::parse)
                .orElse(endpoint.isPresent() ? ConditionalWrites.NON_ATOMIC : ConditionalWrites.ATOMIC);
        int pageSize = config.option("pageSize").map(Integer::parseInt).orElse(1000);
        if (pageSize < 1 || pageSize > 1000) {
            throw new StorageException("s3: pageSize must be 1..1000, not " + pageSize);
        }
        return new S3Settings(bucket, keyPrefix.isEmpty() ? "" : keyPrefix + "/", endpoint,
                config.option("region"), pathStyle, conditional, pageSize);
    }
}
