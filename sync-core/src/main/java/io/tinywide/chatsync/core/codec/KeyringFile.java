package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.KeyDerivation;
import io.tinywide.chatsync.core.port.out.Keyring.Method;
import io.tinywide.chatsync.core.port.out.VaultKeys;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code keyring.json} as data, in both versions (docs/format.md). Version 1: one vault key wrapped
 * by a passphrase. Version 2: the current key wrapped once per way to unlock it (passphrase,
 * recovery key), the key a rotation is retiring (wrapped by the current one), and the records of past
 * rotations, each made with the key it retired. Only version 2 is written.
 *
 * @param version   1 or 2
 * @param keyId     the current key's id
 * @param created   when the current key was made; null if unknown (version 1)
 * @param wrappings one per way to unlock, at least one
 * @param retiring  the key a rotation in progress replaces; null if none
 * @param rotations past rotations, oldest first
 */
record KeyringFile(int version, String keyId, Instant created, List<Wrapping> wrappings, Retiring retiring,
                   List<Rotation> rotations) {
    static final String KIND = "keyring";
    static final int VERSION = 2;
    /** The key derivation of recovery keys, which need no slow function: they are 290 random bits. */
    static final String HKDF = "HKDF-SHA256";

    KeyringFile {
        wrappings = List.copyOf(wrappings);
        rotations = List.copyOf(rotations);
    }

    /**
     * One wrapping of the current key.
     *
     * @param kind    what unlocks it
     * @param created when it was added; null in version 1
     */
    record Wrapping(Method.Kind kind, Instant created, KdfSpec kdf, byte[] nonce, byte[] wrappedKey) { }

    /** The previous key, wrapped by the current one, while a rotation re-seals its files. */
    record Retiring(String keyId, byte[] nonce, byte[] wrappedKey) { }

    /**
     * A rotation: {@code proof} is the new key's verifier sealed under the old key's verifier, so a
     * device that kept the old key's verifier can tell this rotation from a replaced keyring.
     */
    record Rotation(String from, String to, byte[] nonce, byte[] proof) { }

    Optional<Wrapping> wrapping(Method.Kind kind) {
        return wrappings.stream().filter(w -> w.kind() == kind).findFirst();
    }

    KeyringFile with(String newKeyId, Instant newCreated, List<Wrapping> newWrappings, Retiring newRetiring,
                     List<Rotation> newRotations) {
        return new KeyringFile(VERSION, newKeyId, newCreated, newWrappings, newRetiring, newRotations);
    }

    // ---- associated data: what each ciphertext is bound to ----

    /** Version 1: the header without {@code wrappedKey}. */
    static byte[] associatedDataV1(String keyId, KdfSpec kdf) {
        return CanonicalJson.write(g -> {
            begin(g, 1, KIND);
            g.writeStringField("keyId", keyId);
            g.writeFieldName("kdf");
            kdf.write(g);
            g.writeEndObject();
        });
    }

    /**
     * Version 2: the keyring's header (the key id, when the key was made, the cipher) and the
     * wrapping's own fields but its nonce and ciphertext, so no byte of either can change unnoticed.
     */
    static byte[] associatedData(String keyId, Instant keyCreated, Wrapping w) {
        return associatedData(keyId, keyCreated, w.kind(), w.created(), w.kdf());
    }

    static byte[] associatedData(String keyId, Instant keyCreated, Method.Kind kind, Instant created, KdfSpec kdf) {
        return CanonicalJson.write(g -> {
            begin(g, VERSION, KIND);
            writeKey(g, keyId, keyCreated);
            g.writeObjectFieldStart("unlock");
            g.writeStringField("method", kind.label());
            g.writeStringField("created", created.toString());
            g.writeFieldName("kdf");
            kdf.write(g);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] retiringAssociatedData(String keyId, String retiringKeyId) {
        return pair("keyring-retiring", "keyId", keyId, "retiringKeyId", retiringKeyId);
    }

    static byte[] rotationAssociatedData(String from, String to) {
        return pair("keyring-rotation", "from", from, "to", to);
    }

    /** {@code {"format":"chatsync","formatVersion":2,"kind":<kind>,<name>:<value>,<name>:<value>}}. */
    private static byte[] pair(String kind, String firstName, String first, String secondName, String second) {
        return CanonicalJson.write(g -> {
            begin(g, VERSION, kind);
            g.writeStringField(firstName, first);
            g.writeStringField(secondName, second);
            g.writeEndObject();
        });
    }

    /** How every object of a keyring, and everything a keyring's ciphertext is bound to, begins. */
    private static void begin(JsonGenerator g, int version, String kind) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", Envelope.FORMAT);
        g.writeNumberField("formatVersion", version);
        g.writeStringField("kind", kind);
    }

    /** The current key: its id, when it was made (unknown for a keyring of version 1), its cipher. */
    private static void writeKey(JsonGenerator g, String keyId, Instant keyCreated) throws IOException {
        g.writeStringField("keyId", keyId);
        if (keyCreated != null) {
            g.writeStringField("created", keyCreated.toString());
        }
        g.writeStringField("cipher", Aead.CIPHER);
    }

    // ---- writing (version 2 only) ----

    byte[] toBytes() {
        if (version != VERSION) {
            throw new IllegalStateException("only keyring version " + VERSION + " is written");
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return CanonicalJson.write(g -> {
            begin(g, VERSION, KIND);
            writeKey(g, keyId, created);
            g.writeArrayFieldStart("unlock");
            for (Wrapping w : wrappings) {
                g.writeStartObject();
                g.writeStringField("method", w.kind().label());
                g.writeStringField("created", w.created().toString());
                g.writeFieldName("kdf");
                w.kdf().write(g);
                g.writeStringField("nonce", b64.encodeToString(w.nonce()));
                g.writeStringField("wrappedKey", b64.encodeToString(w.wrappedKey()));
                g.writeEndObject();
            }
            g.writeEndArray();
            if (retiring != null) {
                g.writeObjectFieldStart("retiring");
                g.writeStringField("keyId", retiring.keyId());
                g.writeStringField("nonce", b64.encodeToString(retiring.nonce()));
                g.writeStringField("wrappedKey", b64.encodeToString(retiring.wrappedKey()));
                g.writeEndObject();
            }
            if (!rotations.isEmpty()) {
                writeRotations(g, rotations);
            }
            g.writeEndObject();
        });
    }

    private static void writeRotations(JsonGenerator g, List<Rotation> rotations) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        g.writeArrayFieldStart("rotations");
        for (Rotation r : rotations) {
            g.writeStartObject();
            g.writeStringField("from", r.from());
            g.writeStringField("to", r.to());
            g.writeStringField("nonce", b64.encodeToString(r.nonce()));
            g.writeStringField("proof", b64.encodeToString(r.proof()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // ---- reading ----

    /**
     * Parses and checks a keyring file, deriving nothing.
     *
     * @throws FileFormatException if it is not a keyring this build can use
     */
    static KeyringFile parse(String path, byte[] file, KeyDerivations derivations) {
        if (file.length > VaultKeys.MAX_KEYRING_BYTES) {
            throw new FileFormatException(path, Problem.TOO_LARGE, "is " + file.length
                    + " bytes; a keyring is a few hundred");
        }
        KeyringFile keyring;
        try {
            Fields f = Fields.of(CanonicalJson.parse(path, file), path);
            String format = f.text("format");
            if (!Envelope.FORMAT.equals(format) || !KIND.equals(f.text("kind"))) {
                throw new FileFormatException(path, Problem.CORRUPT, "is not a chatsync keyring");
            }
            long version = f.number("formatVersion");
            if (version == 1) {
                keyring = parseV1(path, f);
            } else if (version == VERSION) {
                keyring = parseV2(path, f);
            } else {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "has keyring format version "
                        + version + "; it was written by a newer chatsync, upgrade this device");
            }
        } catch (Fields.Bad e) {
            throw new FileFormatException(path, Problem.CORRUPT, "is not a readable keyring: " + e.detail);
        }
        for (Wrapping w : keyring.wrappings()) {
            check(path, w, derivations);
            checkWrappedLength(path, w.wrappedKey());
        }
        if (keyring.retiring() != null) {
            checkWrappedLength(path, keyring.retiring().wrappedKey());
        }
        return keyring;
    }

    private static KeyringFile parseV1(String path, Fields f) {
        String keyId = f.text("keyId");
        KdfSpec kdf = KdfSpec.read(f.object("kdf"));
        Fields w = f.object("wrappedKey");
        String cipher = w.text("cipher");
        byte[] nonce = w.canonicalBase64("nonce");
        byte[] wrapped = w.canonicalBase64("ciphertext");
        w.done();
        f.done();
        requireCipher(path, cipher);
        if (!KdfParams.PBKDF2_SHA256.equals(kdf.name())) {
            throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "uses key derivation '" + kdf.name()
                    + "', which keyrings of version 1 never did; it is refused");
        }
        return new KeyringFile(1, keyId, null, List.of(new Wrapping(Method.Kind.PASSPHRASE, null, kdf, nonce,
                wrapped)), null, List.of());
    }

    private static KeyringFile parseV2(String path, Fields f) {
        String keyId = f.text("keyId");
        String created = f.optionalText("created");
        requireCipher(path, f.text("cipher"));
        List<Wrapping> wrappings = new ArrayList<>();
        int i = 0;
        for (var node : f.array("unlock")) {
            Fields w = Fields.of(node, path + " (unlock " + (i++) + ")");
            Method.Kind kind = kind(path, w.text("method"));
            Instant at = instant(path, w.text("created"));
            KdfSpec kdf = KdfSpec.read(w.object("kdf"));
            byte[] nonce = w.canonicalBase64("nonce");
            byte[] wrapped = w.canonicalBase64("wrappedKey");
            w.done();
            if (wrappings.stream().anyMatch(x -> x.kind() == kind)) {
                throw new FileFormatException(path, Problem.CORRUPT, "has two " + kind.label() + " wrappings");
            }
            wrappings.add(new Wrapping(kind, at, kdf, nonce, wrapped));
        }
        if (wrappings.isEmpty()) {
            throw new FileFormatException(path, Problem.CORRUPT, "has no way to unlock it");
        }
        Retiring retiring = null;
        if (f.names().contains("retiring")) {
            Fields r = f.object("retiring");
            retiring = new Retiring(r.text("keyId"), r.canonicalBase64("nonce"), r.canonicalBase64("wrappedKey"));
            r.done();
        }
        List<Rotation> rotations = new ArrayList<>();
        for (var node : f.optionalArray("rotations")) {
            Fields r = Fields.of(node, path + " (rotation)");
            rotations.add(new Rotation(r.text("from"), r.text("to"), r.canonicalBase64("nonce"),
                    r.canonicalBase64("proof")));
            r.done();
        }
        f.done();
        return new KeyringFile(VERSION, keyId, created == null ? null : instant(path, created), wrappings, retiring,
                rotations);
    }

    private static void requireCipher(String path, String cipher) {
        if (!Aead.CIPHER.equals(cipher)) {
            throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "uses cipher '" + cipher
                    + "', which this chatsync does not know; upgrade it");
        }
    }

    private static Method.Kind kind(String path, String label) {
        for (Method.Kind k : Method.Kind.values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "has a way to unlock it called '" + label
                + "', which this chatsync does not know; upgrade it");
    }

    /** An instant in the one spelling chatsync writes, so that no byte of it can change unnoticed. */
    private static Instant instant(String path, String text) {
        try {
            Instant at = Instant.parse(text);
            if (at.toString().equals(text)) {
                return at;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new FileFormatException(path, Problem.CORRUPT, "has a time that is not in the form chatsync writes "
                + "(2024-01-15T10:00:00Z): '" + text + "'");
    }

    /** A wrapped key is the 32-byte key and its tag; anything else would fail later, as a JDK error or a wrong passphrase. */
    private static void checkWrappedLength(String path, byte[] wrapped) {
        int expected = io.tinywide.chatsync.core.crypto.SecretBytes.LENGTH + Aead.TAG_LENGTH;
        if (wrapped.length != expected) {
            throw new FileFormatException(path, Problem.TAMPERED, "has a " + wrapped.length + "-byte wrapped key where "
                    + "chatsync writes " + expected + " (the key and its tag); it is refused. Restore keyring.json from "
                    + "another copy of the remote");
        }
    }

    /** The derivation must be known, its parameters in range, its salt of a sane size: all before any work. */
    private static void check(String path, Wrapping w, KeyDerivations derivations) {
        byte[] salt = w.kdf().salt();
        if (salt.length < KdfParams.SALT_LENGTH || salt.length > 1024) {
            throw new FileFormatException(path, Problem.TAMPERED, "has a " + salt.length + "-byte salt where "
                    + "chatsync writes " + KdfParams.SALT_LENGTH + " random bytes; it is refused. Restore "
                    + "keyring.json from another copy of the remote");
        }
        if (w.kind() == Method.Kind.RECOVERY) {
            if (!HKDF.equals(w.kdf().name()) || !w.kdf().parameters().isEmpty()) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "wraps its recovery key with '"
                        + w.kdf().name() + "' " + w.kdf().parameters() + ", which this chatsync does not know");
            }
            return;
        }
        KeyDerivation kdf = derivations.named(w.kdf().name()).orElseThrow(() -> new FileFormatException(path,
                Problem.UNSUPPORTED_VERSION, "protects its passphrase with key derivation '" + w.kdf().name()
                + "', which this build of chatsync lacks" + (w.kdf().name().toLowerCase(Locale.ROOT).startsWith("argon2")
                ? ": add the module io.tinywide.chatsync:sync-argon2 to the application (chatsync.jar has it)"
                : "; upgrade chatsync")));
        try {
            kdf.checkParameters(w.kdf().parameters());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(path, Problem.TAMPERED, e.getMessage() + ". Restore keyring.json from "
                    + "another copy of the remote");
        }
    }
}
