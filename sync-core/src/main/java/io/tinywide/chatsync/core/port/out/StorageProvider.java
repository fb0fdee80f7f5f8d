package io.tinywide.chatsync.core.port.out;

import java.util.Set;

/**
 * The provider SPI: one implementation per provider module, found by {@link java.util.ServiceLoader}
 * ({@code provides io.tinywide.chatsync.core.port.out.StorageProvider with ...} in
 * {@code module-info.java} and a {@code META-INF/services} entry for the class path).
 *
 * <p>An implementation has a public no-argument constructor, is cheap to create, and does no I/O
 * until {@link #open(ProviderConfig)}. Its contract is checked by the {@code sync-tck} kit; see
 * {@code sync-tck/SPEC.md}.
 */
public interface StorageProvider {

    /** A short, stable, lower-case id such as {@code localfs}, {@code s3}, {@code gdrive}. */
    String id();

    /** A name for people, such as {@code Amazon S3 and compatible}. */
    String displayName();

    /**
     * The guarantees this provider gives in general. An opened storage may give fewer, depending
     * on its endpoint; see {@link CloudStorage#capabilities()}.
     */
    Set<Capability> capabilities();

    /** The URI schemes this provider accepts as remotes, such as {@code file} or {@code s3}. */
    default Set<String> uriSchemes() {
        return Set.of(id());
    }

    /**
     * The one-time interactive authorization this provider needs (OAuth providers), run by
     * {@code chatsync auth <id>}; empty for providers that take their credentials from the environment.
     */
    default java.util.Optional<Authorization> authorization() {
        return java.util.Optional.empty();
    }

    /**
     * Opens a storage. Providers may connect lazily; errors of configuration (a missing bucket
     * name, an unreadable folder) are thrown here as {@link StorageException}s.
     */
    CloudStorage open(ProviderConfig config);
}
