package io.tinywide.chatsync.bench;

import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The baseline a traditional chat backup is: the whole history as one encrypted snapshot (gzip,
 * then AES-256-GCM under a key the app already holds), uploaded whole every time, here to a folder
 * with the same care chatsync's localfs takes (temporary file, fsync, atomic rename, fsync of the
 * folder). Run as its own JVM by {@link CommandLineBench}:
 * {@code java -cp benchmarks.jar io.tinywide.chatsync.bench.NaiveSnapshot HISTORY.jsonl DIR}.
 */
public final class NaiveSnapshot {
    private NaiveSnapshot() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path history = Path.of(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        Path temp = dir.resolve(".snapshot.tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream file = Channels.newOutputStream(channel);
            file.write(nonce);
            try (InputStream in = Files.newInputStream(history);
                 OutputStream out = new GZIPOutputStream(new CipherOutputStream(nonClosing(file), cipher), 1 << 16)) {
                in.transferTo(out);
            }
            channel.force(true);
        }
        Files.move(temp, dir.resolve("snapshot.bin"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
