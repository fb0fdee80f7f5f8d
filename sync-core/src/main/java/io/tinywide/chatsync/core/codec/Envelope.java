package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.CryptoException;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The file envelope: a readable header and the AES-256-GCM ciphertext of the gzip-compressed body.
 * The header's canonical bytes are the cipher's associated data, so moving a file to another
 * month, passing a manifest as a vault, or editing the generation fails authentication even where
 * the header checks below would not catch it.
 *
 * <pre>{@code
 * {"format":"chatsync","formatVersion":1,"kind":"vault","partition":"2024-01","generation":7,
 *  "keyId":"k1a2b...","cipher":"AES-256-GCM","compression":"gzip","nonce":"...","ciphertext":"..."}
 * }</pre>
 */
final class Envelope {
    static final String FORMAT = "chatsync";
    static final int FORMAT_VERSION = 1;
    static final String COMPRESSION = "gzip";

    private Envelope() {
    }

    /**
     * The readable header of a file.
     *
     * @param kind       {@code vault} or {@code manifest}
     * @param partition  the month, {@code YYYY-MM}
     * @param generation the vault's generation
     * @param keyId      the id of the vault key that sealed it
     * @param nonce      the AES-GCM nonce
     */
    record Header(String kind, String partition, long generation, String keyId, byte[] nonce) {
        byte[] associatedData() {
            return CanonicalJson.write(g -> {
                g.writeStartObject();
                writeFields(g);
                g.writeEndObject();
            });
        }

        void writeFields(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeStringField("kind", kind);
            g.writeStringField("partition", partition);
            g.writeNumberField("generation", generation);
            g.writeStringField("keyId", keyId);
            g.writeStringField("cipher", Aead.CIPHER);
            g.writeStringField("compression", COMPRESSION);
            g.writeStringField("nonce", Base64.getEncoder().encodeToString(nonce));
        }
    }

    static byte[] seal(SecretBytes key, String kind, PartitionKey partition, long generation, byte[] body) {
        Header header = new Header(kind, partition.toString(), generation, key.id(), Aead.newNonce());
        byte[] ciphertext = Aead.seal(key, header.nonce(), header.associatedData(), gzip(body));
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            header.writeFields(g);
            g.writeStringField("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            g.writeEndObject();
        });
    }

    /** The verified body and its header. */
    record Opened(Header header, byte[] body) { }

    /**
     * The keys a reader opens files with: the current one, and while a rotation re-seals the remote,
     * the retiring one. Files of a key a rotation retired are refused, naming the rotation.
     *
     * @param retiring null when no rotation is in progress
     * @param retired  the ids of keys that past rotations retired
     */
    record Keys(SecretBytes current, SecretBytes retiring, java.util.List<String> retired) {
        SecretBytes forFile(String path, String keyId) {
            if (current.id().equals(keyId)) {
                return current;
            }
            if (retiring != null && retiring.id().equals(keyId)) {
                return retiring;
            }
            if (retired.contains(keyId)) {
                throw new FileFormatException(path, Problem.TAMPERED, "was sealed with key " + keyId + ", which a key "
                        + "rotation retired (this remote's keyring holds key " + current.id() + "); files of a retired "
                        + "key are refused. A device that wrote it before it followed the rotation still holds its "
                        + "content: sync from there, or restore the file from a backup");
            }
            throw new FileFormatException(path, Problem.TAMPERED, "was sealed with key " + keyId
                    + ", but this remote's keyring holds key " + current.id()
                    + "; it was copied from another chatsync remote");
        }
    }

    /** The header of a file, checked against its path and kind; nothing is decrypted. */
    private record Parsed(Header header, byte[] ciphertext) { }

    private static Parsed parse(String path, String expectedKind, PartitionKey expected, byte[] file,
                                CodecOptions options) {
        if (file.length > options.maxFileSize()) {
            throw new FileFormatException(path, Problem.TOO_LARGE, "is " + file.length + " bytes, over the limit of "
                    + options.maxFileSize() + "; raise maxFileSize only if you trust this remote");
        }
        try {
            Fields f = Fields.of(CanonicalJson.parse(path, file), path);
            String format = f.text("format");
            if (!FORMAT.equals(format)) {
                throw new FileFormatException(path, Problem.CORRUPT, "is not a chatsync file (format '" + format
                        + "'); another program wrote it, leave it or move it out of the chatsync folder");
            }
            long version = f.number("formatVersion");
            if (version != FORMAT_VERSION) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "has format version " + version
                        + ", and this chatsync reads version " + FORMAT_VERSION
                        + "; it was written by a newer chatsync, upgrade this device");
            }
            String kind = f.text("kind");
            String partition = f.text("partition");
            long generation = f.number("generation");
            String keyId = f.text("keyId");
            String cipher = f.text("cipher");
            String compression = f.text("compression");
            byte[] nonce = f.canonicalBase64("nonce");
            byte[] ciphertext = f.canonicalBase64("ciphertext");
            f.done();
            if (!Aead.CIPHER.equals(cipher) || !COMPRESSION.equals(compression)) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "uses cipher '" + cipher
                        + "' and compression '" + compression + "', which this chatsync does not know; upgrade it");
            }
            if (expectedKind != null && !expectedKind.equals(kind)) {
                throw new FileFormatException(path, Problem.MISPLACED, "is a " + kind + " file where a "
                        + expectedKind + " belongs; it was renamed or copied over");
            }
            if (expected != null && !expected.toString().equals(partition)) {
                throw new FileFormatException(path, Problem.MISPLACED, "holds partition " + partition
                        + ", but its path says " + expected + "; it was moved or copied to the wrong month");
            }
            return new Parsed(new Header(kind, partition, generation, keyId, nonce), ciphertext);
        } catch (Fields.Bad e) {
            throw new FileFormatException(path, Problem.CORRUPT, "is not a readable chatsync file: " + e.detail);
        }
    }

    /** The id of the key that sealed a file, from its header alone. */
    static String keyIdOf(String path, byte[] file, CodecOptions options) {
        return parse(path, null, null, file, options).header().keyId();
    }

    static Opened open(Keys keys, String path, String expectedKind, PartitionKey expected, byte[] file,
                       CodecOptions options) {
        Parsed parsed = parse(path, expectedKind, expected, file, options);
        Header header = parsed.header();
        SecretBytes key = keys.forFile(path, header.keyId());
        byte[] compressed;
        try {
            compressed = Aead.open(key, header.nonce(), header.associatedData(), parsed.ciphertext());
        } catch (CryptoException e) {
            throw new FileFormatException(path, Problem.TAMPERED, "failed authentication: its header or content was "
                    + "altered after it was written", e);
        }
        return new Opened(header, gunzip(path, compressed, options.maxPlaintextSize()));
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Decompresses at most {@code limit} bytes, so a tiny hostile file cannot exhaust memory. */
    private static byte[] gunzip(String path, byte[] compressed, long limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new FileFormatException(path, Problem.TOO_LARGE, "expands to more than " + limit
                            + " bytes; refusing to decompress it");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FileFormatException(path, Problem.CORRUPT, "has an authentic but undecompressable body: "
                    + e.getMessage(), e);
        }
    }
}
