package io.tinywide.chatsync.fake.dropbox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Dropbox's {@code content_hash}: the SHA-256 of the concatenated SHA-256 digests of the file's
 * 4 MiB blocks, in hex.
 */
final class ContentHash {
    static final int BLOCK = 4 << 20;

    private ContentHash() {
    }

    static String of(byte[] bytes) {
        MessageDigest overall = sha256();
        for (int off = 0; off < bytes.length; off += BLOCK) {
            MessageDigest block = sha256();
            block.update(bytes, off, Math.min(BLOCK, bytes.length - off));
            overall.update(block.digest());
        }
        return HexFormat.of().formatHex(overall.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
