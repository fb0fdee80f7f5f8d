package io.tinywide.chatsync.core.port.out;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings for {@link StorageProvider#open(ProviderConfig)}: a location (the part of a remote
 * URI after its scheme, such as {@code /mnt/nas/chats} or {@code bucket/prefix}), a root folder
 * inside it, and provider-specific options. Secrets are never put here: providers take
 * credentials from their usual environment.
 *
 * @param location where the storage is, in the provider's own terms; may be empty
 * @param root     the folder under the location that chatsync owns, {@code /}-separated
 * @param options  provider-specific options, such as {@code endpoint} or {@code region}
 */
public record ProviderConfig(String location, String root, Map<String, String> options) {

    /** Said of a remote URI with {@code user:secret@} in it, without repeating what is there. */
    public static final String CREDENTIALS_IN_URI = "the remote URI carries credentials before '@' (not repeated "
            + "here); chatsync never takes secrets in a URI, which is printed and stored: remove them and give them "
            + "the provider's usual way (for s3, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE)";

    /** The root used when none is given. */
    public static final String DEFAULT_ROOT = "tinywide/messaging";

    public ProviderConfig {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(root, "root");
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /**
     * Reads a remote URI: the scheme picks the provider, the rest is the location, and the query
     * parameters become options. {@code s3://bucket/prefix?region=eu-west-1} gives location
     * {@code bucket/prefix} and option {@code region}; {@code file:/mnt/nas} gives {@code /mnt/nas}.
     *
     * @throws IllegalArgumentException if the URI carries user information ({@code user:secret@}):
     *     secrets never travel in a remote URI, which is printed in reports and kept in the sync
     *     state; the message does not repeat them
     */
    public static ProviderConfig fromUri(URI uri, String root) {
        refuseCredentials(uri.toString());
        if (uri.isOpaque()) {
            // "gdrive:?endpoint=URL": java.net.URI keeps an opaque URI's query in its
            // scheme-specific part, so split it off here as a hierarchical URI's is.
            String ssp = uri.getRawSchemeSpecificPart();
            int q = ssp.indexOf('?');
            return q < 0 ? new ProviderConfig(decode(ssp), root, Map.of())
                    : new ProviderConfig(decode(ssp.substring(0, q)), root, options(ssp.substring(q + 1)));
        }
        return new ProviderConfig(location(uri), root, options(uri.getRawQuery()));
    }

    private static Map<String, String> options(String rawQuery) {
        Map<String, String> options = new TreeMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "true" : decode(pair.substring(eq + 1));
                options.put(key, value);
            }
        }
        return options;
    }

    private static String location(URI uri) {
        if (uri.getAuthority() != null) {
            return uri.getAuthority() + Optional.ofNullable(uri.getPath()).orElse("");
        }
        return uri.getPath() != null ? uri.getPath() : Optional.ofNullable(uri.getSchemeSpecificPart()).orElse("");
    }

    /**
     * Refuses a remote, as typed or as a URI, that carries {@code user:secret@}: a URI's user
     * information, or any {@code ':'} before the last {@code '@'} after {@code "://"}. The second
     * form catches secrets with {@code '/'}, {@code '?'} or {@code '#'} in them (AWS secret keys
     * have {@code '/'}), which break the URI apart so that no user information is parsed and the
     * secret would be echoed as a host, a path or an option.
     *
     * @throws IllegalArgumentException with {@link #CREDENTIALS_IN_URI}, which repeats nothing
     */
    public static void refuseCredentials(String remote) {
        int authority = remote.indexOf("://");
        int at = remote.lastIndexOf('@');
        if (authority >= 0 && at > authority && remote.substring(authority + 3, at).contains(":")
                || authority >= 0 && hasUserInfo(remote)) {
            throw new IllegalArgumentException(CREDENTIALS_IN_URI);
        }
    }

    private static boolean hasUserInfo(String remote) {
        try {
            return new URI(remote).getRawUserInfo() != null;
        } catch (java.net.URISyntaxException e) {
            return false; // not a URI at all: nothing was parsed as user information
        }
    }

    /**
     * Reads the value of a provider's {@code endpoint} option: where it sends its requests instead of
     * the service's own address (an S3-compatible server, a local fake). One rule for every provider,
     * since it guards secrets: a value with {@code user:secret@} in it is refused without being
     * repeated, and anything but an http or https URL with a host is refused naming the option.
     *
     * @param provider          the provider's id, which starts every message
     * @param value             the option's value
     * @param example           an endpoint to show in messages, such as {@code https://host:9000}
     * @param credentialsAdvice where the provider takes its credentials instead, said after a refused
     *                          {@code user:secret@}
     * @throws StorageException saying what is wrong with the value
     */
    public static URI httpEndpoint(String provider, String value, String example, String credentialsAdvice) {
        if (value.contains("@")) { // user:secret@host, however the secret breaks the URI apart
            throw new StorageException(provider + ": option endpoint carries credentials before '@' (not repeated "
                    + "here); " + credentialsAdvice);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new StorageException(provider + ": option endpoint is not a URI (" + e.getReason() + "); use "
                    + "endpoint=" + example);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new StorageException(provider + ": option endpoint must be an http or https URL with a host, such "
                    + "as endpoint=" + example + ", not '" + value + "'");
        }
        return uri;
    }

    /** A config with no options. */
    public static ProviderConfig of(String location) {
        return new ProviderConfig(location, DEFAULT_ROOT, Map.of());
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    public ProviderConfig withRoot(String newRoot) {
        return new ProviderConfig(location, newRoot, options);
    }

    public ProviderConfig withOption(String key, String value) {
        Map<String, String> copy = new TreeMap<>(options);
        copy.put(key, value);
        return new ProviderConfig(location, root, copy);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
