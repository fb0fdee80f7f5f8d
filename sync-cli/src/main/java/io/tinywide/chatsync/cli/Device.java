package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * One device as the command line sees it: its SQLite store, and, for commands that need them, its
 * remote and its passphrase. Closing it closes what it opened.
 */
final class Device implements AutoCloseable {
    /** The device's store; null for {@link #remoteOnly}. */
    final SqliteDeviceStore store;
    private final ChatsyncCli options;
    private CloudStorage storage;
    private StorageProvider provider;
    private Passphrase passphrase;

    private Device(ChatsyncCli options, SqliteDeviceStore store) {
        this.options = options;
        this.store = store;
        if (store != null) {
            store.exposureWarning().ifPresent(options::warn);
        }
    }

    /** Opens the device, creating its store if there is none: how a new device starts (import, sync). */
    static Device open(ChatsyncCli options) {
        return new Device(options, SqliteDeviceStore.open(options.store));
    }

    /**
     * Opens the device for work with its remote ({@code sync}, {@code restore}), creating its store
     * if there is none. The remote and the passphrase are checked first, so a mistyped
     * {@code --remote} or a missing passphrase leaves no new store behind. A passphrase to be typed
     * is asked later, only if a key must be derived.
     */
    static Device withRemote(ChatsyncCli options) {
        Device remoteOnly = remoteOnly(options);
        try {
            remoteOnly.storage();
            remoteOnly.passphrase().check();
            Device device = new Device(options, SqliteDeviceStore.open(options.store));
            device.storage = remoteOnly.storage;
            device.provider = remoteOnly.provider;
            device.passphrase = remoteOnly.passphrase;
            return device;
        } catch (RuntimeException e) {
            remoteOnly.close();
            throw e;
        }
    }

    /**
     * A device without its store, for work on the remote alone ({@code verify}): a new machine can
     * check a remote before it has a store, and no store file is created or needed.
     */
    static Device remoteOnly(ChatsyncCli options) {
        return new Device(options, null);
    }

    /** Opens a device whose store must exist, for commands that have nothing to do on a new one. */
    static Device openExisting(ChatsyncCli options) {
        return new Device(options, SqliteDeviceStore.openExisting(options.store));
    }

    /**
     * Opens a device whose store must exist, for reading only ({@code export}): nothing is written,
     * so a store on a read-only disk or snapshot can still be read.
     */
    static Device openReadOnly(ChatsyncCli options) {
        return new Device(options, SqliteDeviceStore.openReadOnly(options.store));
    }

    /** The remote of {@code --remote}, opened on first use. */
    CloudStorage storage() {
        if (storage == null) {
            if (options.remote == null || options.remote.isBlank()) {
                throw new UserError("no remote given: pass --remote URI, for example --remote file:/mnt/nas/chats "
                        + "or --remote s3://bucket/prefix?region=eu-west-1");
            }
            URI uri = remoteUri(options.remote);
            provider = registry().forUri(uri);
            storage = provider.open(ProviderConfig.fromUri(uri, options.root));
        }
        return storage;
    }

    /**
     * The URI of a {@code --remote}, refused without repeating it when it carries credentials.
     *
     * @throws UserError if it is no URI
     */
    static URI remoteUri(String remote) {
        ProviderConfig.refuseCredentials(remote); // before anything can repeat it
        try {
            // "gdrive:" alone is no URI, but its scheme says which provider is wanted: ask for it.
            return remote.matches("[A-Za-z][A-Za-z0-9+.-]*:") ? new URI(remote + "/") : new URI(remote);
        } catch (URISyntaxException e) {
            // The parser's message repeats the input; neither may show a secret typed into it.
            String shown = withoutUserInfo(remote);
            throw new UserError("--remote '" + shown + "' is not a URI: " + withoutUserInfo(e.getMessage())
                    + (shown.equals(remote) ? "" : "; the part before '@' is not shown: credentials "
                    + "never go in the URI, give them the provider's usual way"));
        }
    }

    String providerId() {
        storage();
        return provider.id();
    }

    ChatSyncService service() {
        CloudStorage remote = storage();
        return ChatSync.builder()
                .remote(providerId(), remote)
                .localStore(store)
                .stateStore(store)
                .passphrase(passphrase())
                .build();
    }

    /** Checks the remote; needs no store. */
    RemoteVerifier verifier() {
        CloudStorage remote = storage();
        return ChatSync.builder()
                .remote(providerId(), remote)
                .passphrase(passphrase())
                .buildVerifier();
    }

    /** Where the passphrase comes from; the engine asks it only when it derives a key. */
    private Passphrase passphrase() {
        if (passphrase == null) {
            passphrase = new Passphrase(options.passphraseFile, options.environment, options.terminal,
                    storage().describe());
        }
        return passphrase;
    }

    static ProviderRegistry registry() {
        return ProviderRegistry.load(Device.class.getClassLoader());
    }

    /** {@code s3://key:secret@bucket} as {@code s3://…@bucket}, for messages. */
    static String withoutUserInfo(String text) {
        return text.replaceAll("//.*@", "//…@"); // to the last '@': a secret may hold '/', '?' or '#'
    }

    static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        try {
            if (storage != null) {
                storage.close();
            }
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }
}
