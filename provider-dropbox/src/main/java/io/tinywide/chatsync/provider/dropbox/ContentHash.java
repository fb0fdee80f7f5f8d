package io.tinywide.chatsync.provider.dropbox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Dropbox's {@code content_hash} of bytes: the SHA-256 of the SHA-256 digests of each 4 MiB block.
 * Sent with every upload (Dropbox refuses bytes that arrive different) and compared with a file's
 * metadata to recognise a write that landed although its answer was lost.
 */
final class ContentHash {
    private static final int BLOCK = 4 << 20;

    private ContentHash() {
    }

    static String of(byte[] bytes, int from, int to) {
        MessageDigest overall = sha256();
        for (int off = from; off < to; off += BLOCK) {
            MessageDigest block = sha256();
            block.update(bytes, off, Math.min(BLOCK, to - off));
            overall.update(block.digest());
        }
        return HexFormat.of().formatHex(overall.digest());
    }

    static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
