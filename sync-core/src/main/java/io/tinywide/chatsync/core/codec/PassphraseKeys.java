package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.CryptoException;
import io.tinywide.chatsync.core.crypto.Hkdf;
import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.crypto.PassphraseKdf;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.KeyDerivation;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.Keyring.Method;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.PassphraseSource.Purpose;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keyring ({@code keyring.json}, docs/format.md) protected by the user's secrets: a random 256-bit
 * vault key, wrapped with AES-256-GCM under a key derived from the passphrase (PBKDF2-HMAC-SHA256
 * built in, Argon2id with {@code sync-argon2}) and, if the user added one, under a key derived from a
 * recovery key (HKDF-SHA256). Each wrapping's parameters are bound to it as associated data.
 *
 * <p>The passphrase is asked of its {@link PassphraseSource} only when a key is derived from it, and
 * kept from then on; every key derived in this run is kept too, so changing a keyring right after
 * unlocking it derives nothing twice.
 */
public final class PassphraseKeys implements VaultKeys {
    /** The label of a key's verifier: what a device keeps to check a rotation without keeping the key. */
    static final String VERIFIER = "chatsync key verifier v1";
    private static final String RECOVERY_INFO = "chatsync recovery key v1";
    /** The most PBKDF2 iterations a keyring may ask for: a few times the default, never minutes of work. */
    static final int MOST_ITERATIONS = KeyDerivations.MOST_ITERATIONS;

    private final PassphraseSource source;
    private final RecoveryKey recoveryKey; // null if the application gave none
    private final CodecOptions options;
    private final KeyDerivations derivations;
    private final Clock clock;
    private char[] passphrase; // null until asked
    private final Map<String, SecretBytes> derived = new HashMap<>(); // by method and KDF fingerprint

    /**
     * @param passphrase the user's passphrase (copied)
     * @param options    limits and the KDF cost of new keyrings
     */
    public PassphraseKeys(char[] passphrase, CodecOptions options) {
        this(copyOf(passphrase), null, options);
    }

    /**
     * @param source  asked for the passphrase when a key is first derived
     * @param options limits and the KDF cost of new keyrings
     */
    public PassphraseKeys(PassphraseSource source, CodecOptions options) {
        this(source, null, options);
    }

    /**
     * @param source      asked for the passphrase when a key is first derived from it
     * @param recoveryKey unlocks keyrings that have a recovery wrapping instead of the passphrase; may
     *                    be null
     * @param options     limits and the KDF cost of new keyrings
     */
    public PassphraseKeys(PassphraseSource source, RecoveryKey recoveryKey, CodecOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.recoveryKey = recoveryKey;
        this.options = Objects.requireNonNull(options, "options");
        this.derivations = new KeyDerivations(options);
        this.clock = Clock.systemUTC();
    }

    /** The associated data of a version 1 keyring's wrapped key (for harnesses that seal one). */
    static byte[] associatedData(String keyId, KdfParams kdf) {
        return KeyringFile.associatedDataV1(keyId, new KdfSpec(kdf.name(), Map.of("iterations",
                (long) kdf.iterations()), kdf.salt()));
    }

    private static PassphraseSource copyOf(char[] passphrase) {
        char[] copy = passphrase.clone();
        return purpose -> copy;
    }

    /** The passphrase, asked of the source the first time. */
    private synchronized char[] passphrase(Purpose purpose) {
        if (passphrase == null) {
            passphrase = checked(source.passphrase(purpose));
        }
        return passphrase;
    }

    private static char[] checked(char[] given) {
        if (given == null || given.length == 0) {
            throw new IllegalArgumentException("the passphrase must not be empty");
        }
        return given.clone();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public byte[] newKeyring() {
        char[] pass = passphrase(Purpose.NEW_KEYRING);
        SecretBytes vaultKey = SecretBytes.random();
        Instant now = now();
        KeyringFile.Wrapping wrapping = wrapWithPassphrase(vaultKey, now, pass, now);
        return new KeyringFile(KeyringFile.VERSION, vaultKey.id(), now, java.util.List.of(wrapping), null,
                java.util.List.of()).toBytes();
    }

    /** A new passphrase wrapping of a key, under the derivation of new passphrases. */
    private KeyringFile.Wrapping wrapWithPassphrase(SecretBytes vaultKey, Instant keyCreated, char[] pass,
                                                    Instant now) {
        KeyDerivation kdf = derivations.forNewPassphrases();
        KdfSpec spec = new KdfSpec(kdf.name(), kdf.defaultParameters(), SecretBytes.randomBytes(KdfParams.SALT_LENGTH));
        SecretBytes wrappingKey = SecretBytes.of(kdf.derive(pass, spec.salt(), spec.parameters(), SecretBytes.LENGTH));
        remember(Method.Kind.PASSPHRASE, spec, wrappingKey);
        return wrap(vaultKey, keyCreated, Method.Kind.PASSPHRASE, now, spec, wrappingKey);
    }

    private static KeyringFile.Wrapping wrap(SecretBytes vaultKey, Instant keyCreated, Method.Kind kind,
                                             Instant created, KdfSpec spec, SecretBytes wrappingKey) {
        byte[] nonce = Aead.newNonce();
        byte[] wrapped = PassphraseKdf.wrap(wrappingKey, nonce,
                KeyringFile.associatedData(vaultKey.id(), keyCreated, kind, created, spec), vaultKey);
        return new KeyringFile.Wrapping(kind, created, spec, nonce, wrapped);
    }

    private synchronized void remember(Method.Kind kind, KdfSpec spec, SecretBytes key) {
        derived.put(kind + spec.fingerprint(), key);
    }

    private synchronized SecretBytes recalled(Method.Kind kind, KdfSpec spec) {
        return derived.get(kind + spec.fingerprint());
    }

    @Override
    public Keyring read(String path, byte[] keyringFile) {
        return new Opened(path, KeyringFile.parse(path, keyringFile, derivations));
    }

    /** The wrapping key of one way to unlock, derived now or earlier in this run. */
    private SecretBytes wrappingKey(KeyringFile.Wrapping w) {
        SecretBytes known = recalled(w.kind(), w.kdf());
        if (known != null) {
            return known;
        }
        SecretBytes key;
        if (w.kind() == Method.Kind.RECOVERY) {
            key = Hkdf.sha256(recoveryKey.secret(), w.kdf().salt(), RECOVERY_INFO);
        } else {
            KeyDerivation kdf = derivations.named(w.kdf().name()).orElseThrow(); // checked when parsed
            key = SecretBytes.of(kdf.derive(passphrase(Purpose.UNLOCK), w.kdf().salt(), w.kdf().parameters(),
                    SecretBytes.LENGTH));
        }
        remember(w.kind(), w.kdf(), key);
        return key;
    }

    @Override
    public synchronized String toString() {
        return "PassphraseKeys[" + options + ", passphrase " + (passphrase == null ? "not asked yet" : "redacted")
                + (recoveryKey == null ? "" : ", recovery key given") + "]";
    }

    /** One keyring file, read. */
    private final class Opened implements Keyring {
        private final String path;
        private final KeyringFile file;

        Opened(String path, KeyringFile file) {
            this.path = path;
            this.file = file;
        }

        @Override
        public int formatVersion() {
            return file.version();
        }

        @Override
        public String keyId() {
            return file.keyId();
        }

        @Override
        public Instant created() {
            return file.created();
        }

        @Override
        public java.util.List<Method> methods() {
            return file.wrappings().stream().map(w -> new Method(w.kind(), describe(w.kdf(), w.kind()), w.created()))
                    .toList();
        }

        private String describe(KdfSpec spec, Method.Kind kind) {
            if (kind == Method.Kind.RECOVERY) {
                return KeyringFile.HKDF;
            }
            return derivations.named(spec.name()).map(k -> k.describe(spec.parameters())).orElse(spec.name());
        }

        @Override
        public java.util.Optional<String> retiringKeyId() {
            return java.util.Optional.ofNullable(file.retiring()).map(KeyringFile.Retiring::keyId);
        }

        @Override
        public java.util.List<String> retiredKeyIds() {
            return file.rotations().stream().map(KeyringFile.Rotation::from).toList();
        }

        /** The way to unlock with the secret the application gave. */
        private KeyringFile.Wrapping chosen() {
            if (recoveryKey != null) {
                java.util.Optional<KeyringFile.Wrapping> recovery = file.wrapping(Method.Kind.RECOVERY);
                if (recovery.isPresent()) {
                    return recovery.get();
                }
            }
            return file.wrapping(Method.Kind.PASSPHRASE).orElseThrow(() -> new WrongPassphraseException(path
                    + " has no passphrase, only a recovery key" + (recoveryKey == null ? "" : ", and the one given "
                    + "does not match it") + ": unlock it with the recovery key, then set a passphrase"));
        }

        /** The current key, unwrapped with a secret (derived, or recalled from earlier in this run). */
        private SecretBytes unwrap(KeyringFile.Wrapping w) {
            byte[] aad = file.version() == 1 ? KeyringFile.associatedDataV1(file.keyId(), w.kdf())
                    : KeyringFile.associatedData(file.keyId(), file.created(), w);
            SecretBytes key;
            try {
                key = PassphraseKdf.unwrap(wrappingKey(w), w.nonce(), aad, w.wrappedKey());
            } catch (CryptoException | IllegalArgumentException e) {
                throw new WrongPassphraseException("the " + (w.kind() == Method.Kind.RECOVERY ? "recovery key"
                        : "passphrase") + " does not unlock " + path + " (or the keyring was altered); nothing was "
                        + "changed. Check the " + (w.kind() == Method.Kind.RECOVERY ? "recovery key" : "passphrase")
                        + " and try again");
            }
            if (!key.id().equals(file.keyId())) {
                throw new FileFormatException(path, Problem.TAMPERED, "names key " + file.keyId()
                        + " but holds another key");
            }
            return key;
        }

        private SecretBytes unwrapWithSecret() {
            return unwrap(chosen());
        }

        @Override
        public Unlocked unlock() {
            return unlocked(unwrapWithSecret());
        }

        @Override
        public Unlocked unlock(byte[] keptVaultKey) {
            SecretBytes key = SecretBytes.of(keptVaultKey);
            if (!key.id().equals(file.keyId())) {
                throw new IllegalArgumentException("the kept key " + key.id() + " is not " + path + "'s current key "
                        + file.keyId());
            }
            return unlocked(key);
        }

        private Unlocked unlocked(SecretBytes key) {
            SecretBytes retiring = null;
            if (file.retiring() != null) {
                KeyringFile.Retiring r = file.retiring();
                try {
                    retiring = PassphraseKdf.unwrap(key, r.nonce(),
                            KeyringFile.retiringAssociatedData(file.keyId(), r.keyId()), r.wrappedKey());
                } catch (CryptoException | IllegalArgumentException e) {
                    throw new FileFormatException(path, Problem.TAMPERED, "holds a retiring key that its current key "
                            + "does not open; it was altered. Restore keyring.json from another copy of the remote", e);
                }
                if (!retiring.id().equals(r.keyId())) {
                    throw new FileFormatException(path, Problem.TAMPERED, "names retiring key " + r.keyId()
                            + " but holds another key");
                }
            }
            EnvelopeVaultFormat format = new EnvelopeVaultFormat(key, retiring, retiredKeyIds(), options);
            Pin pin = new Pin(key.id(), key.derive(VERIFIER).exportForKeeping());
            return new Unlocked() {
                @Override
                public io.tinywide.chatsync.core.port.out.VaultFormat format() {
                    return format;
                }

                @Override
                public Pin pin() {
                    return pin;
                }

                @Override
                public byte[] export() {
                    return key.exportForKeeping();
                }
            };
        }

        @Override
        public java.util.Optional<byte[]> rotationFrom(Pin pin) {
            String at = pin.keyId();
            SecretBytes verifier = SecretBytes.of(pin.verifier());
            for (int steps = 0; steps < file.rotations().size(); steps++) {
                String from = at;
                java.util.Optional<KeyringFile.Rotation> next = file.rotations().stream()
                        .filter(r -> r.from().equals(from)).findFirst();
                if (next.isEmpty()) {
                    return java.util.Optional.empty();
                }
                KeyringFile.Rotation r = next.get();
                try {
                    verifier = SecretBytes.of(Aead.open(verifier, r.nonce(),
                            KeyringFile.rotationAssociatedData(r.from(), r.to()), r.proof()));
                } catch (CryptoException | IllegalArgumentException e) {
                    return java.util.Optional.empty(); // not made with the pinned key: a claim, not a rotation
                }
                at = r.to();
                if (at.equals(file.keyId())) {
                    return java.util.Optional.of(verifier.exportForKeeping());
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public byte[] withNewPassphrase(PassphraseSource newPassphrase) {
            SecretBytes key = unwrapWithSecret();
            char[] pass = checked(newPassphrase.passphrase(Purpose.NEW_PASSPHRASE));
            try {
                KeyringFile.Wrapping wrapping = wrapWithPassphrase(key, file.created(), pass, now());
                java.util.List<KeyringFile.Wrapping> all = new java.util.ArrayList<>();
                all.add(wrapping);
                all.addAll(keptWrappings(key, Method.Kind.PASSPHRASE));
                return upgraded(all).toBytes();
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        }

        /** Version 2 with these wrappings; the other parts as they are (a version 1 keyring has none). */
        private KeyringFile upgraded(java.util.List<KeyringFile.Wrapping> wrappings) {
            return file.with(file.keyId(), file.created(), wrappings, file.retiring(), file.rotations());
        }

        /**
         * The wrappings to keep, in version 2: a version 1 keyring's passphrase wrapping is bound to
         * the old associated data, so it is wrapped again with the key just derived from the passphrase.
         */
        private java.util.List<KeyringFile.Wrapping> keptWrappings(SecretBytes key, Method.Kind except) {
            java.util.List<KeyringFile.Wrapping> out = new java.util.ArrayList<>();
            for (KeyringFile.Wrapping w : file.wrappings()) {
                if (w.kind() == except) {
                    continue;
                }
                out.add(file.version() == 1
                        ? wrap(key, null, w.kind(), now(), w.kdf(), Objects.requireNonNull(recalled(w.kind(), w.kdf())))
                        : w);
            }
            return out;
        }

        @Override
        public WithRecovery withNewRecoveryKey() {
            SecretBytes key = unwrapWithSecret();
            RecoveryKey fresh = RecoveryKey.generate();
            KdfSpec spec = new KdfSpec(KeyringFile.HKDF, Map.of(), SecretBytes.randomBytes(KdfParams.SALT_LENGTH));
            SecretBytes wrappingKey = Hkdf.sha256(fresh.secret(), spec.salt(), RECOVERY_INFO);
            java.util.List<KeyringFile.Wrapping> all = new java.util.ArrayList<>(keptWrappings(key,
                    Method.Kind.RECOVERY));
            all.add(wrap(key, file.created(), Method.Kind.RECOVERY, now(), spec, wrappingKey));
            return new WithRecovery(upgraded(all).toBytes(), fresh);
        }

        @Override
        public byte[] without(Method.Kind kind) {
            if (file.wrapping(kind).isEmpty()) {
                throw new IllegalStateException(path + " has no " + kind.label() + " to remove");
            }
            if (file.wrappings().size() == 1) {
                throw new IllegalStateException("the " + kind.label() + " is the only way left to unlock " + path
                        + "; it stays. Add another way first (a passphrase or a recovery key)");
            }
            SecretBytes key = unwrapWithSecret(); // prove a secret first: a kept key alone changes nothing
            return upgraded(keptWrappings(key, kind)).toBytes();
        }

        @Override
        public Rotated rotated() {
            if (file.retiring() != null) {
                throw new IllegalStateException(path + " is already being rotated from key " + file.retiring().keyId()
                        + " to " + file.keyId() + "; finish that rotation first");
            }
            SecretBytes old = unwrapWithSecret();
            if (recoveryKey != null) {
                file.wrapping(Method.Kind.RECOVERY).ifPresent(this::unwrap); // checks the given one too
            }
            SecretBytes fresh = SecretBytes.random();
            Instant now = now();
            java.util.List<KeyringFile.Wrapping> wrappings = new java.util.ArrayList<>();
            java.util.List<Method.Kind> kept = new java.util.ArrayList<>();
            java.util.List<Method.Kind> dropped = new java.util.ArrayList<>();
            for (KeyringFile.Wrapping w : file.wrappings()) {
                SecretBytes wrappingKey = recalled(w.kind(), w.kdf());
                if (wrappingKey == null) {
                    dropped.add(w.kind()); // its secret was not given: nobody here can wrap the new key for it
                } else {
                    wrappings.add(wrap(fresh, now, w.kind(), now, w.kdf(), wrappingKey));
                    kept.add(w.kind());
                }
            }
            byte[] retiringNonce = Aead.newNonce();
            KeyringFile.Retiring retiring = new KeyringFile.Retiring(old.id(), retiringNonce, PassphraseKdf.wrap(fresh,
                    retiringNonce, KeyringFile.retiringAssociatedData(fresh.id(), old.id()), old));
            byte[] proofNonce = Aead.newNonce();
            byte[] proof = Aead.seal(old.derive(VERIFIER), proofNonce,
                    KeyringFile.rotationAssociatedData(old.id(), fresh.id()), fresh.derive(VERIFIER).exportForKeeping());
            java.util.List<KeyringFile.Rotation> rotations = new java.util.ArrayList<>(file.rotations());
            rotations.add(new KeyringFile.Rotation(old.id(), fresh.id(), proofNonce, proof));
            byte[] bytes = file.with(fresh.id(), now, wrappings, retiring, rotations).toBytes();
            return new Rotated(bytes, fresh.id(), kept, dropped);
        }

        @Override
        public byte[] withoutRetiringKey() {
            return file.with(file.keyId(), file.created(), file.wrappings(), null, file.rotations()).toBytes();
        }
    }
}
