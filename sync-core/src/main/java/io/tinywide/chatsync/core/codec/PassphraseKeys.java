package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.CryptoException;
import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.crypto.PassphraseKdf;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.PassphraseSource.Purpose;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultKeys;
import io.tinywide.chatsync.core.port.out.WrongPassphraseException;

import java.io.IOException;
import java.util.Base64;
import java.util.Objects;

/**
 * The keyring ({@code keyring.json}) protected by a passphrase: a random 256-bit vault key,
 * wrapped with AES-256-GCM under a key derived by PBKDF2-HMAC-SHA256. The KDF and its parameters are
 * recorded in the file and bound to the wrapped key as associated data.
 *
 * <pre>{@code
 * {"format":"chatsync","formatVersion":1,"kind":"keyring","keyId":"k...",
 *  "kdf":{"name":"PBKDF2-HMAC-SHA256","iterations":600000,"salt":"..."},
 *  "wrappedKey":{"cipher":"AES-256-GCM","nonce":"...","ciphertext":"..."}}
 * }</pre>
 *
 * <p>The passphrase is asked of its {@link PassphraseSource} only when a key is derived (a keyring
 * created or unlocked), and kept from then on.
 */
public final class PassphraseKeys implements VaultKeys {
    private static final String KIND = "keyring";

    /** The most PBKDF2 iterations a keyring may ask for: a few times the default, never minutes of work. */
    static final int MOST_ITERATIONS = 2_000_000;

    private final PassphraseSource source;
    private final CodecOptions options;
    private char[] passphrase; // null until asked

    /**
     * @param passphrase the user's passphrase (copied)
     * @param options    limits and the KDF cost of new keyrings
     */
    public PassphraseKeys(char[] passphrase, CodecOptions options) {
        this(copyOf(passphrase), options);
    }

    /**
     * @param source  asked for the passphrase when a key is first derived
     * @param options limits and the KDF cost of new keyrings
     */
    public PassphraseKeys(PassphraseSource source, CodecOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.options = Objects.requireNonNull(options, "options");
    }

    private static PassphraseSource copyOf(char[] passphrase) {
        char[] copy = passphrase.clone();
        return purpose -> copy;
    }

    /** The passphrase, asked of the source the first time. */
    private synchronized char[] passphrase(Purpose purpose) {
        if (passphrase == null) {
            char[] given = source.passphrase(purpose);
            if (given == null || given.length == 0) {
                throw new IllegalArgumentException("the passphrase must not be empty");
            }
            passphrase = given.clone();
        }
        return passphrase;
    }

    @Override
    public byte[] newKeyring() {
        char[] passphrase = passphrase(Purpose.NEW_KEYRING);
        SecretBytes vaultKey = SecretBytes.random();
        KdfParams kdf = KdfParams.pbkdf2(options.kdfIterations());
        byte[] nonce = Aead.newNonce();
        byte[] aad = associatedData(vaultKey.id(), kdf);
        byte[] wrapped = PassphraseKdf.wrap(PassphraseKdf.derive(passphrase, kdf), nonce, aad, vaultKey);
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            writeHeader(g, vaultKey.id(), kdf);
            g.writeObjectFieldStart("wrappedKey");
            g.writeStringField("cipher", Aead.CIPHER);
            g.writeStringField("nonce", Base64.getEncoder().encodeToString(nonce));
            g.writeStringField("ciphertext", Base64.getEncoder().encodeToString(wrapped));
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Override
    public VaultFormat unlock(String path, byte[] keyringFile) {
        if (keyringFile.length > MAX_KEYRING_BYTES) {
            throw new FileFormatException(path, Problem.TOO_LARGE, "is " + keyringFile.length
                    + " bytes; a keyring is a few hundred");
        }
        String keyId;
        KdfParams kdf;
        byte[] nonce;
        byte[] wrapped;
        try {
            Fields f = Fields.of(CanonicalJson.parse(path, keyringFile), path);
            String format = f.text("format");
            if (!Envelope.FORMAT.equals(format) || !KIND.equals(f.text("kind"))) {
                throw new FileFormatException(path, Problem.CORRUPT, "is not a chatsync keyring");
            }
            long version = f.number("formatVersion");
            if (version != Envelope.FORMAT_VERSION) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "has keyring format version "
                        + version + "; it was written by a newer chatsync, upgrade this device");
            }
            keyId = f.text("keyId");
            Fields k = f.object("kdf");
            String name = k.text("name");
            long iterations = k.number("iterations");
            byte[] salt = k.canonicalBase64("salt");
            k.done();
            Fields w = f.object("wrappedKey");
            String cipher = w.text("cipher");
            nonce = w.canonicalBase64("nonce");
            wrapped = w.canonicalBase64("ciphertext");
            w.done();
            f.done();
            if (!KdfParams.PBKDF2_SHA256.equals(name) || !Aead.CIPHER.equals(cipher)) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "uses key derivation '" + name
                        + "' and cipher '" + cipher + "', which this chatsync does not know; upgrade it");
            }
            if (iterations < options.minimumAcceptedIterations()) {
                throw new FileFormatException(path, Problem.TAMPERED, "asks for " + iterations + " PBKDF2 iterations, "
                        + "fewer than the " + options.minimumAcceptedIterations() + " this chatsync accepts; a "
                        + "weakened keyring is refused. Restore keyring.json from another copy of the remote");
            }
            if (iterations > MOST_ITERATIONS) {
                // Derived before anything else happens, so a planted cost would make every command
                // hang for minutes and then blame the passphrase.
                throw new FileFormatException(path, Problem.TAMPERED, "asks for " + iterations + " PBKDF2 iterations, "
                        + "more than the " + MOST_ITERATIONS + " this chatsync accepts (it writes "
                        + options.kdfIterations() + "); it was not written by chatsync and is refused before any "
                        + "work. Restore keyring.json from another copy of the remote");
            }
            if (salt.length < KdfParams.SALT_LENGTH || salt.length > 1024) {
                throw new FileFormatException(path, Problem.TAMPERED, "has a " + salt.length + "-byte salt where "
                        + "chatsync writes " + KdfParams.SALT_LENGTH + " random bytes; it is refused. Restore "
                        + "keyring.json from another copy of the remote");
            }
            kdf = new KdfParams(name, (int) iterations, salt);
        } catch (Fields.Bad e) {
            throw new FileFormatException(path, Problem.CORRUPT, "is not a readable keyring: " + e.detail);
        }
        SecretBytes vaultKey;
        try {
            vaultKey = PassphraseKdf.unwrap(PassphraseKdf.derive(passphrase(Purpose.UNLOCK), kdf), nonce,
                    associatedData(keyId, kdf), wrapped);
        } catch (CryptoException e) {
            throw new WrongPassphraseException("the passphrase does not unlock " + path
                    + " (or the keyring was altered); nothing was changed. Check the passphrase and try again");
        }
        if (!vaultKey.id().equals(keyId)) {
            throw new FileFormatException(path, Problem.TAMPERED, "names key " + keyId + " but holds another key");
        }
        return new EnvelopeVaultFormat(vaultKey, options);
    }

    private static byte[] associatedData(String keyId, KdfParams kdf) {
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            writeHeader(g, keyId, kdf);
            g.writeEndObject();
        });
    }

    private static void writeHeader(com.fasterxml.jackson.core.JsonGenerator g, String keyId, KdfParams kdf)
            throws IOException {
        g.writeStringField("format", Envelope.FORMAT);
        g.writeNumberField("formatVersion", Envelope.FORMAT_VERSION);
        g.writeStringField("kind", KIND);
        g.writeStringField("keyId", keyId);
        g.writeObjectFieldStart("kdf");
        g.writeStringField("name", kdf.name());
        g.writeNumberField("iterations", kdf.iterations());
        g.writeStringField("salt", Base64.getEncoder().encodeToString(kdf.salt()));
        g.writeEndObject();
    }

    @Override
    public synchronized String toString() {
        return "PassphraseKeys[" + options + ", passphrase " + (passphrase == null ? "not asked yet" : "redacted")
                + "]";
    }
}
