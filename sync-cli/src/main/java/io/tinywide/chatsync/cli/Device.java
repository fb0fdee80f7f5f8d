package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private RecoveryKey recovery;
    /** Where a recovery key is read when {@code --recovery-key-file} is not given. */
    static final String RECOVERY_VARIABLE = "CHATSYNC_RECOVERY_KEY";

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
        SqliteDeviceStore store = null;
        try {
            CloudStorage remote = remoteOnly.storage();
            RecoveryKey recovery = remoteOnly.recoveryKey();
            // A device that unlocked this remote before and kept its key needs no passphrase: none is
            // asked for, and none need be given.
            store = Files.exists(options.store) ? SqliteDeviceStore.openExisting(options.store) : null;
            boolean unlocked = store != null && store.kept(remote.describe()).map(k -> k.vaultKey() != null)
                    .orElse(false);
            if (!unlocked && recovery == null) {
                remoteOnly.passphrase().check();
            }
            if (store == null) {
                store = SqliteDeviceStore.open(options.store);
            }
            Device device = new Device(options, store);
            device.storage = remoteOnly.storage;
            device.provider = remoteOnly.provider;
            device.passphrase = remoteOnly.passphrase;
            device.recovery = remoteOnly.recovery;
            return device;
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            remoteOnly.close();
            throw e;
        }
    }

    /**
     * The recovery key of {@code --recovery-key-file} or {@code CHATSYNC_RECOVERY_KEY}, read and
     * checked at once, so a mistyped one is said before any work; null if neither is given.
     */
    RecoveryKey recoveryKey() {
        if (recovery == null) {
            String text;
            String from;
            if (options.recoveryKeyFile != null) {
                from = "the recovery key file " + options.recoveryKeyFile;
                try {
                    text = Files.readString(options.recoveryKeyFile, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UserError("cannot read " + from + ": " + e);
                }
            } else {
                from = RECOVERY_VARIABLE;
                text = options.environment.apply(RECOVERY_VARIABLE);
                if (text == null || text.isBlank()) {
                    return null;
                }
            }
            try {
                recovery = RecoveryKey.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UserError(from + ": " + e.getMessage() + "; nothing was done");
            }
        }
        return recovery;
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
        return builder().localStore(store).stateStore(store).build();
    }

    /** The keys of the remote; the device's pins and kept keys follow every change. */
    KeyManagement keyManagement() {
        return builder().buildKeyManagement();
    }

    /** Checks the remote; needs no store. */
    RemoteVerifier verifier() {
        return builder().buildVerifier();
    }

    private ChatSync.Builder builder() {
        CloudStorage remote = storage();
        ChatSync.Builder builder = ChatSync.builder().remote(providerId(), remote).passphrase(passphrase());
        if (store != null) {
            builder.deviceKeys(store);
        }
        RecoveryKey given = recoveryKey();
        if (given != null) {
            builder.recoveryKey(given);
        }
        return builder;
    }

    /** Where the new passphrase of {@code key passwd} comes from. */
    Passphrase newPassphrase(Path file) {
        return Passphrase.newOne(file, options.environment, options.terminal, storage().describe());
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
