package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.port.out.ProviderConfig;

import java.net.URI;
import java.util.Objects;

/**
 * One remote the service syncs with: either a provider named by its id with its
 * {@link ProviderConfig}, or a remote URI whose scheme picks the provider, as the command line's
 * {@code --remote} does. Either way the provider is whichever one the application's class path (or
 * its own binding) brings; the application's code names no provider class.
 */
public sealed interface RemoteSettings permits RemoteSettings.ById, RemoteSettings.ByUri {

    /** A remote of the provider with this id ({@code localfs}, {@code s3}, ...), opened with this config. */
    static RemoteSettings provider(String providerId, ProviderConfig config) {
        return new ById(providerId, config);
    }

    /**
     * A remote URI such as {@code file:/mnt/nas/chats} or {@code s3://bucket/prefix?region=eu-west-1},
     * under the default root {@value ProviderConfig#DEFAULT_ROOT}.
     *
     * @throws IllegalArgumentException if it is not a URI, or carries credentials
     */
    static RemoteSettings uri(String remote) {
        return new ByUri(URI.create(Objects.requireNonNull(remote, "remote")), ProviderConfig.DEFAULT_ROOT);
    }

    /**
     * A remote by provider id.
     *
     * @param providerId the id the provider is bound under, which is also the remote's name in
     *                   {@link io.tinywide.chatsync.core.port.in.ChatSyncService#syncMessages(String)}
     * @param config     what {@link io.tinywide.chatsync.core.port.out.StorageProvider#open} receives
     */
    record ById(String providerId, ProviderConfig config) implements RemoteSettings {
        public ById {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(config, "config");
            if (providerId.isBlank()) {
                throw new IllegalArgumentException("a remote's provider id must not be blank");
            }
        }
    }

    /**
     * A remote by URI: the provider is the one bound whose {@code uriSchemes()} hold its scheme, and
     * its config is {@link ProviderConfig#fromUri(URI, String)}.
     *
     * @param remote the remote URI; never with credentials in it (they come from the provider's
     *               usual place, such as the AWS SDK's chain)
     * @param root   the folder in the remote that chatsync owns
     */
    record ByUri(URI remote, String root) implements RemoteSettings {
        public ByUri {
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(root, "root");
            ProviderConfig.refuseCredentials(remote.toString());
        }

        /** The config the provider receives. */
        public ProviderConfig config() {
            return ProviderConfig.fromUri(remote, root);
        }
    }
}
