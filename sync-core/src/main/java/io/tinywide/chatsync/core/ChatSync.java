package io.tinywide.chatsync.core;

import io.tinywide.chatsync.core.engine.ChatVaultEngine;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.engine.Verifier;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.port.out.VaultKeys;

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

    /** Collects what a {@link ChatSyncService} needs; {@link #build()} checks that nothing is missing. */
    public static final class Builder {
        private final Map<String, CloudStorage> remotes = new LinkedHashMap<>();
        private LocalMessageStore localStore;
        private SyncStateStore stateStore;
        private PassphraseSource passphrase;
        private int keyDerivationIterations = DefaultFormat.KEY_DERIVATION_ITERATIONS;
        private VaultKeys keys;
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
            return this;
        }

        /**
         * The PBKDF2 iterations with which a passphrase protects a new keyring; 600,000 if not set.
         * Only tests and benchmarks lower it, to stay fast. A keyring is read only if it has at
         * least {@code min(iterations, 100,000)}, so a device with the default refuses a keyring
         * made with fewer: such a remote is for tests alone.
         */
        public Builder keyDerivationIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException("keyDerivationIterations must be positive: " + iterations);
            }
            this.keyDerivationIterations = iterations;
            return this;
        }

        /** Another key source than a passphrase, such as a hardware-backed one. Replaces {@link #passphrase}. */
        public Builder keys(VaultKeys vaultKeys) {
            this.keys = Objects.requireNonNull(vaultKeys, "vaultKeys");
            this.passphrase = null;
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
            require(keys != null || passphrase != null, "passphrase(...) or keys(...)");
            require(!remotes.isEmpty(), "at least one remote(...)");
            return new ChatVaultEngine(remotes, localStore, stateStore, vaultKeys(), settings);
        }

        /**
         * A verifier of the remotes: it needs only the keys and the remotes, no stores, and only
         * reads.
         *
         * @throws IllegalStateException naming what is missing
         */
        public RemoteVerifier buildVerifier() {
            require(keys != null || passphrase != null, "passphrase(...) or keys(...)");
            require(!remotes.isEmpty(), "at least one remote(...)");
            return new Verifier(remotes, vaultKeys());
        }

        private VaultKeys vaultKeys() {
            return keys != null ? keys : DefaultFormat.keys(passphrase, keyDerivationIterations);
        }

        private static void require(boolean present, String what) {
            if (!present) {
                throw new IllegalStateException("ChatSync.builder() needs " + what + " before build()");
            }
        }
    }
}
