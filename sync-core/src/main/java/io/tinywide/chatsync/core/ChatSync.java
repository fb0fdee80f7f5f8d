package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.engine.ChatVaultEngine;
import io.tinywide.chatsync.core.engine.KeyManager;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.engine.Verifier;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.store.InMemoryDeviceKeyStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link ChatSyncService} (or a {@link RemoteVerifier}): the one place that wires the
 * engine, the file format and the stores together.
 *
 * <pre>{@code
 * ChatSyncService sync = ChatSync.builder()
 *         .localStore(store)
 *         .stateStore(state)
 *         .passphrase(passphrase)
 *         .remote("localfs", storage)
 *         .build();
 * SyncReport report = sync.syncMessages("localfs");
 * }</pre>
 *
 * <p>The caller keeps ownership of the stores and storages it passes in, and closes them.
 * {@link #messageLines()} reads and writes messages as JSON Lines, for imports and exports.
 *
 * <p>A device unlocks a remote once: the unlocked vault key and its pin are kept in the
 * {@link Builder#deviceKeys(DeviceKeyStore) device key store} (in memory unless the application
 * gives one that lasts), so later syncs derive nothing and need no passphrase, and a keyring that
 * now holds another key is refused. {@link Builder#buildKeyManagement()} gives the operations on
 * the keys themselves.
 */
public final class ChatSync {
    private ChatSync() {
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The keys of a passphrase in chatsync's file format, as {@link Builder#passphrase(char[])} makes
     * them: for code that reads a remote's files itself, such as a test that opens every version of
     * a month. {@link VaultKeys#unlock} gives the {@code VaultFormat} of a keyring.
     *
     * @param passphrase              copied; the caller may clear its own
     * @param keyDerivationIterations as {@link Builder#keyDerivationIterations}
     */
    public static VaultKeys passphraseKeys(char[] passphrase, int keyDerivationIterations) {
        char[] copy = passphrase.clone();
        return DefaultFormat.keys(purpose -> copy, keyDerivationIterations);
    }

    /** Messages as JSON Lines, in the format of the remote vaults' message objects. */
    public static MessageLines messageLines() {
        return DefaultFormat.messageLines();
    }

    /**
     * Collects what a {@link ChatSyncService} needs; {@link #build()} checks that nothing is missing.
     * A builder is meant for one thread at a time, as builders are.
     */
    public static final class Builder {
        private final Map<String, CloudStorage> remotes = new LinkedHashMap<>();
        private LocalMessageStore localStore;
        private SyncStateStore stateStore;
        private PassphraseSource passphrase;
        private RecoveryKey recoveryKey;
        private Integer keyDerivationIterations; // null: the strongest derivation this build has
        private VaultKeys keys;
        /** Made from the passphrase or recovery key at the first build, and shared by every later one. */
        private VaultKeys derivedKeys;
        private DeviceKeyStore deviceKeys;
        private EngineSettings settings = EngineSettings.DEFAULTS;

        private Builder() {
        }

        /** The device's message store. */
        public Builder localStore(LocalMessageStore store) {
            this.localStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The device's sync state. */
        public Builder stateStore(SyncStateStore store) {
            this.stateStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The user's passphrase, which unlocks (or, on the first device, creates) the remote keyring.
         * The array is copied; the caller may clear its own.
         */
        public Builder passphrase(char[] passphrase) {
            Objects.requireNonNull(passphrase, "passphrase");
            if (passphrase.length == 0) {
                throw new IllegalArgumentException("the passphrase must not be empty");
            }
            char[] copy = passphrase.clone();
            return passphrase(purpose -> copy);
        }

        /**
         * A passphrase asked only when a key is derived from it: when a remote's keyring is first
         * unlocked, or a new keyring is created (then with {@link PassphraseSource.Purpose#NEW_KEYRING},
         * so an interactive source can ask twice). It is asked at most once and kept.
         */
        public Builder passphrase(PassphraseSource source) {
            this.passphrase = Objects.requireNonNull(source, "source");
            this.keys = null;
            this.derivedKeys = null;
            return this;
        }

        /**
         * A recovery key that unlocks the remote instead of the passphrase (when the keyring has a
         * recovery wrapping): how a person who lost the passphrase gets in, on a new device too.
         */
        public Builder recoveryKey(RecoveryKey key) {
            this.recoveryKey = Objects.requireNonNull(key, "key");
            this.keys = null;
            this.derivedKeys = null;
            return this;
        }

        /**
         * Where the device keeps each remote's pin and unlocked key between runs; an in-memory store
         * per builder if not set (shared by every service this builder builds), so a restarted
         * application asks for the passphrase again and forgets its pins. An application keeps them
         * in its own database, beside the history it already holds in clear, or in a platform
         * keystore; one that must not keep keys keeps pins only ({@link DeviceKeyStore.KeptKey#withoutKey()}).
         */
        public Builder deviceKeys(DeviceKeyStore store) {
            this.deviceKeys = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * PBKDF2 with this many iterations protects new passphrases; if not set, the strongest key
         * derivation this build has does (Argon2id when {@code sync-argon2} is on the class or
         * module path, else PBKDF2 with 600,000 iterations). Only tests and benchmarks set it, to stay
         * fast. A keyring is read only if it has at least {@code min(iterations, 100,000)}, so a
         * device with the default refuses a keyring made with fewer: such a remote is for tests alone.
         */
        public Builder keyDerivationIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException("keyDerivationIterations must be positive: " + iterations);
            }
            this.keyDerivationIterations = iterations;
            this.derivedKeys = null;
            return this;
        }

        /** Another key source than a passphrase, such as a hardware-backed one. Replaces {@link #passphrase}. */
        public Builder keys(VaultKeys vaultKeys) {
            this.keys = Objects.requireNonNull(vaultKeys, "vaultKeys");
            this.passphrase = null;
            this.derivedKeys = null;
            return this;
        }

        /**
         * A remote to sync with, named by its provider's id ({@code localfs}, {@code s3}, ...). The
         * first remote added is the default for restores.
         */
        public Builder remote(String providerId, CloudStorage storage) {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(storage, "storage");
            if (remotes.putIfAbsent(providerId, storage) != null) {
                throw new IllegalArgumentException("a remote for provider '" + providerId + "' is already configured");
            }
            return this;
        }

        /** Tuning; {@link EngineSettings#DEFAULTS} if not set. */
        public Builder settings(EngineSettings engineSettings) {
            this.settings = Objects.requireNonNull(engineSettings, "engineSettings");
            return this;
        }

        /**
         * The service.
         *
         * @throws IllegalStateException naming what is missing
         */
        public ChatSyncService build() {
            require(localStore != null, "localStore(...)");
            require(stateStore != null, "stateStore(...)");
            require(keys != null || passphrase != null || recoveryKey != null, "passphrase(...) or keys(...)");
            require(!remotes.isEmpty(), "at least one remote(...)");
            return new ChatVaultEngine(remotes, localStore, stateStore, vaultKeys(), deviceKeys(), settings);
        }

        /**
         * The key management of the remotes: needs the keys (the passphrase, or a recovery key) and
         * the remotes, no message stores. It shares the builder's device key store with the
         * services it builds, so a passphrase change or a rotation is known to them at once, and
         * its key source: a passphrase that a service of this builder was given and proved against
         * the keyring is not asked again, not even to change it or to remove the recovery key. An
         * application that wants the current passphrase typed again for those builds its key
         * management from a builder of its own.
         *
         * @throws IllegalStateException naming what is missing
         */
        public KeyManagement buildKeyManagement() {
            require(keys != null || passphrase != null || recoveryKey != null, "passphrase(...) or keys(...)");
            require(!remotes.isEmpty(), "at least one remote(...)");
            return new KeyManager(remotes, vaultKeys(), deviceKeys(), settings);
        }

        private DeviceKeyStore deviceKeys() {
            if (deviceKeys == null) {
                deviceKeys = new InMemoryDeviceKeyStore();
            }
            return deviceKeys;
        }

        /**
         * A verifier of the remotes: it needs only the keys and the remotes, no stores, and only
         * reads.
         *
         * @throws IllegalStateException naming what is missing
         */
        public RemoteVerifier buildVerifier() {
            require(keys != null || passphrase != null || recoveryKey != null, "passphrase(...) or keys(...)");
            require(!remotes.isEmpty(), "at least one remote(...)");
            return new Verifier(remotes, vaultKeys());
        }

        /**
         * One key source for everything this builder builds, so that the passphrase is asked once
         * and a key derived once, whether an application builds a service, key management and a
         * verifier, or only one of them.
         */
        private VaultKeys vaultKeys() {
            if (keys != null) {
                return keys;
            }
            if (derivedKeys == null) {
                derivedKeys = fromPassphrase();
            }
            return derivedKeys;
        }

        private VaultKeys fromPassphrase() {
            PassphraseSource source = passphrase != null ? passphrase : purpose -> {
                throw new IllegalStateException("no passphrase was given, only a recovery key, and this keyring "
                        + "needs the passphrase");
            };
            return DefaultFormat.keys(source, recoveryKey, keyDerivationIterations);
        }

        private static void require(boolean present, String what) {
            if (!present) {
                throw new IllegalStateException("ChatSync.builder() needs " + what + " before build()");
            }
        }
    }
}
