package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.tinywide.chatsync.core.crypto.Aead;
import io.tinywide.chatsync.core.crypto.CryptoException;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * The file envelope: a readable header and the AES-256-GCM ciphertext of the compressed body. The
 * header's canonical bytes are the cipher's associated data, so moving a file to another month,
 * passing a manifest as a vault, or editing the generation fails authentication even where the
 * header checks below would not catch it.
 *
 * <p>Version 2, written now: the header on the first line, then the raw ciphertext of the
 * raw-DEFLATE-compressed body.
 * <pre>{@code
 * {"format":"chatsync","formatVersion":2,"kind":"vault","partition":"2024-01","generation":7,
 *  "keyId":"k1a2b...","cipher":"AES-256-GCM","compression":"deflate","nonce":"..."}\n<ciphertext>
 * }</pre>
 * Version 1, still read: one JSON object, the gzip-compressed body's ciphertext in base64 as its last
 * field, {@code "ciphertext"}, and {@code "compression":"gzip"}.
 */
final class Envelope {
    static final String FORMAT = "chatsync";
    /** Keyrings' version, and the first envelope's: the ciphertext as base64 inside the JSON. */
    static final int FORMAT_VERSION = 1;
    /** The envelope written now: the header on one line, then the ciphertext as it is. */
    static final int LINE_VERSION = 2;
    static final String GZIP = "gzip";
    static final String DEFLATE = "deflate";
    /**
     * zlib's level 4: on chat history it is within 3% of level 6's size at about half its time, and
     * the body's columns (not the level) are what make files small.
     */
    private static final int DEFLATE_LEVEL = 4;
    /** A header is a few hundred bytes; one without its line end this far in is no header. */
    private static final int MAX_HEADER_LINE = 4096;

    private Envelope() {
    }

    /**
     * The readable header of a file.
     *
     * @param version     the envelope's format version
     * @param kind        {@code vault} or {@code manifest}
     * @param partition   the month, {@code YYYY-MM}
     * @param generation  the vault's generation
     * @param keyId       the id of the vault key that sealed it
     * @param compression how the body was compressed: {@code gzip} (version 1) or {@code deflate}
     * @param nonce       the AES-GCM nonce
     */
    record Header(int version, String kind, String partition, long generation, String keyId, String compression,
                  byte[] nonce) {
        byte[] associatedData() {
            return CanonicalJson.write(g -> {
                g.writeStartObject();
                writeFields(g);
                g.writeEndObject();
            });
        }

        void writeFields(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", version);
            g.writeStringField("kind", kind);
            g.writeStringField("partition", partition);
            g.writeNumberField("generation", generation);
            g.writeStringField("keyId", keyId);
            g.writeStringField("cipher", Aead.CIPHER);
            g.writeStringField("compression", compression);
            g.writeStringField("nonce", Base64.getEncoder().encodeToString(nonce));
        }
    }

    /**
     * A body as written: compressed, with the length and SHA-256 (hex) of its plaintext, computed
     * as it was streamed so that the plaintext is never held whole.
     */
    record Body(byte[] compressed, long plaintextLength, String digest) { }

    /** Writes a body through raw DEFLATE, measuring and hashing its plaintext on the way. */
    static Body compress(CanonicalJson.Writer writer) {
        Deflater deflater = new Deflater(DEFLATE_LEVEL, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(64 * 1024);
        Hashing plaintext = new Hashing(new DeflaterOutputStream(compressed, deflater, 64 * 1024));
        try {
            CanonicalJson.writeTo(plaintext, writer);
            plaintext.close();
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory failed", e);
        } finally {
            deflater.end();
        }
        return new Body(compressed.toByteArray(), plaintext.count, plaintext.hex());
    }

    /** Seals a compressed body into a version-2 file. */
    static byte[] seal(SecretBytes key, String kind, PartitionKey partition, long generation, byte[] compressedBody) {
        Header header = new Header(LINE_VERSION, kind, partition.toString(), generation, key.id(), DEFLATE,
                Aead.newNonce());
        byte[] line = header.associatedData();
        byte[] ciphertext = Aead.seal(key, header.nonce(), line, compressedBody);
        byte[] file = Arrays.copyOf(line, line.length + 1 + ciphertext.length);
        file[line.length] = '\n';
        System.arraycopy(ciphertext, 0, file, line.length + 1, ciphertext.length);
        return file;
    }

    /** The verified, decompressed body and its header. */
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

    /**
     * The header of a file, checked against its path and kind; nothing is decrypted.
     *
     * @param associatedData what the cipher authenticates the header as
     */
    private record Parsed(Header header, byte[] ciphertext, byte[] associatedData) { }

    private static Parsed parse(String path, String expectedKind, PartitionKey expected, byte[] file,
                                CodecOptions options) {
        if (file.length > options.maxFileSize()) {
            throw new FileFormatException(path, Problem.TOO_LARGE, "is " + file.length + " bytes, over the limit of "
                    + options.maxFileSize() + "; raise maxFileSize only if you trust this remote");
        }
        try {
            int lineEnd = headerLineEnd(file);
            JsonNode firstLine = lineEnd < 0 ? null : firstLine(file, lineEnd);
            // A header on a line of its own says a later version than 1; anything else is read as one
            // JSON object: a version-1 file, or no chatsync file at all.
            boolean lineHeader = firstLine != null && firstLine.path("formatVersion").isIntegralNumber()
                    && firstLine.get("formatVersion").asLong() != FORMAT_VERSION;
            Fields f = Fields.of(lineHeader ? firstLine : CanonicalJson.parse(path, file), path);
            String format = f.text("format");
            if (!FORMAT.equals(format)) {
                throw new FileFormatException(path, Problem.CORRUPT, "is not a chatsync file (format '" + format
                        + "'); another program wrote it, leave it or move it out of the chatsync folder");
            }
            long version = f.number("formatVersion");
            if (version != FORMAT_VERSION && version != LINE_VERSION) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "has format version " + version
                        + ", and this chatsync reads versions " + FORMAT_VERSION + " and " + LINE_VERSION
                        + "; it was written by a newer chatsync, upgrade this device");
            }
            String kind = f.text("kind");
            String partition = f.text("partition");
            long generation = f.number("generation");
            String keyId = f.text("keyId");
            String cipher = f.text("cipher");
            String compression = f.text("compression");
            byte[] nonce = f.canonicalBase64("nonce");
            byte[] ciphertext;
            if (version == FORMAT_VERSION) {
                ciphertext = f.canonicalBase64("ciphertext");
            } else if (!lineHeader) {
                throw new Fields.Bad(path, "a version-2 header must be a line of its own, followed by the "
                        + "ciphertext");
            } else {
                ciphertext = Arrays.copyOfRange(file, lineEnd + 1, file.length);
            }
            f.done();
            String expectedCompression = version == FORMAT_VERSION ? GZIP : DEFLATE;
            if (!Aead.CIPHER.equals(cipher) || !expectedCompression.equals(compression)) {
                throw new FileFormatException(path, Problem.UNSUPPORTED_VERSION, "uses cipher '" + cipher
                        + "' and compression '" + compression + "', which this chatsync does not know in format "
                        + "version " + version + "; upgrade it");
            }
            if (expectedKind != null && !expectedKind.equals(kind)) {
                throw new FileFormatException(path, Problem.MISPLACED, "is a " + kind + " file where a "
                        + expectedKind + " belongs; it was renamed or copied over");
            }
            if (expected != null && !expected.toString().equals(partition)) {
                throw new FileFormatException(path, Problem.MISPLACED, "holds partition " + partition
                        + ", but its path says " + expected + "; it was moved or copied to the wrong month");
            }
            Header header = new Header((int) version, kind, partition, generation, keyId, compression, nonce);
            // Version 2 authenticates its header line byte for byte; version 1 its fields, re-written
            // canonically (its base64 was required canonical instead).
            return new Parsed(header, ciphertext, lineHeader ? Arrays.copyOf(file, lineEnd) : header.associatedData());
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
            compressed = Aead.open(key, header.nonce(), parsed.associatedData(), parsed.ciphertext());
        } catch (CryptoException e) {
            throw new FileFormatException(path, Problem.TAMPERED, "failed authentication: its header or content was "
                    + "altered after it was written", e);
        }
        long limit = options.maxPlaintextSize();
        return new Opened(header, header.version() == FORMAT_VERSION ? gunzip(path, compressed, limit)
                : inflate(path, compressed, limit));
    }

    /** Where the first line of a file ends, or -1 if it has no line end within a header's length. */
    private static int headerLineEnd(byte[] file) {
        for (int i = 0; i < Math.min(file.length, MAX_HEADER_LINE); i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The first line as JSON, or null if it is none (such as a version-1 file spread over lines). */
    private static JsonNode firstLine(byte[] file, int lineEnd) {
        try {
            return CanonicalJson.parse("", Arrays.copyOf(file, lineEnd));
        } catch (Fields.Bad e) {
            return null;
        }
    }

    /** Decompresses at most {@code limit} bytes, so a tiny hostile file cannot exhaust memory. */
    private static byte[] gunzip(String path, byte[] compressed, long limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(initialSize(compressed.length, 4, limit));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw tooLarge(path, limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FileFormatException(path, Problem.CORRUPT, "has an authentic but undecompressable body: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Inflates a raw DEFLATE stream of at most {@code limit} bytes, which must end exactly where the
     * data ends: nothing may follow it unread.
     */
    private static byte[] inflate(String path, byte[] compressed, long limit) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(initialSize(compressed.length, 3, limit));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new FileFormatException(path, Problem.CORRUPT, "has an authentic but truncated body");
                }
                total += n;
                if (total > limit) {
                    throw tooLarge(path, limit);
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                throw new FileFormatException(path, Problem.CORRUPT, "has " + inflater.getRemaining()
                        + " bytes after the end of its compressed body");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new FileFormatException(path, Problem.CORRUPT, "has an authentic but undecompressable body: "
                    + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * A first guess at a body's size from its compressed size, never over the limit it may reach nor
     * over a few MiB: the buffer grows as the body really does, so a large file claims no memory
     * before its content earns it.
     */
    private static int initialSize(int compressed, int ratio, long limit) {
        return (int) Math.min(Math.min((long) compressed * ratio, limit), 4L << 20);
    }

    private static FileFormatException tooLarge(String path, long limit) {
        return new FileFormatException(path, Problem.TOO_LARGE, "expands to more than " + limit
                + " bytes; refusing to decompress it");
    }

    /** SHA-256 of the bytes, hex. */
    static String sha256Hex(byte[] bytes) {
        MessageDigest sha = sha256();
        return HexFormat.of().formatHex(sha.digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Counts and hashes what passes through to the compressor. */
    private static final class Hashing extends FilterOutputStream {
        private final MessageDigest sha = sha256();
        private long count;

        Hashing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            sha.update((byte) b);
            count++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
