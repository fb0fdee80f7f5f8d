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
        // s3:///prefix has no bucket; reading "prefix" as one would write somewhere nobody asked for.
        String location = config.location();
        int slash = location.indexOf('/');
        String bucket = slash < 0 ? location : location.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new StorageException("s3: no bucket in the remote; use s3://bucket/prefix");
        }
        if (bucket.contains(":") || bucket.contains("@")) {
            // No bucket name has these; a URI whose secret broke its parsing does. Don't echo it.
            throw new StorageException("s3: the bucket part of the remote is not a bucket name (it has ':' or '@'); "
                    + "credentials never go in the URI: use AWS_ACCESS_KEY_ID/AWS_PROFILE");
        }
        for (String key : config.options().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new StorageException("s3: unknown option '" + key + "'; known options: " + KNOWN
                        + " (credentials never go in the URI: use AWS_ACCESS_KEY_ID/AWS_PROFILE)");
            }
        }
        String prefix = slash < 0 ? "" : location.substring(slash + 1).replaceAll("/+$", "");
        String root = config.root().replaceAll("^/+|/+$", "");
        String keyPrefix = String.join("/", java.util.stream.Stream.of(prefix, root).filter(s -> !s.isEmpty())
                .toList());
        Optional<URI> endpoint = config.option("endpoint").map(S3Settings::endpoint);
        boolean pathStyle = config.option("pathStyle").map(S3Settings::pathStyle).orElse(endpoint.isPresent());
        // AWS itself is atomic; for another endpoint, send the headers but claim no atomicity unless told.
        ConditionalWrites conditional = config.option("conditionalWrites").map(ConditionalWrites::parse)
                .orElse(endpoint.isPresent() ? ConditionalWrites.NON_ATOMIC : ConditionalWrites.ATOMIC);
        int pageSize = config.option("pageSize").map(S3Settings::pageSize).orElse(1000);
        return new S3Settings(bucket, keyPrefix.isEmpty() ? "" : keyPrefix + "/", endpoint,
                config.option("region"), pathStyle, conditional, pageSize);
    }

    private static URI endpoint(String value) {
        return ProviderConfig.httpEndpoint("s3", value, "https://minio.example.org:9000",
                "credentials never go in the URI: use AWS_ACCESS_KEY_ID/AWS_PROFILE");
    }

    private static boolean pathStyle(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new StorageException("s3: option pathStyle must be true or false, not '" + value + "'");
        };
    }

    private static int pageSize(String value) {
        try {
            int pageSize = Integer.parseInt(value);
            if (pageSize >= 1 && pageSize <= 1000) {
                return pageSize;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new StorageException("s3: option pageSize must be a whole number from 1 to 1000, not '" + value + "'");
    }
}
