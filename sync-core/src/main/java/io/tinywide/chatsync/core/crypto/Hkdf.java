package io.tinywide.chatsync.core.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * HKDF-SHA256 (RFC 5869) and HMAC-SHA256 labels on the JDK's own provider. HKDF turns a secret that
 * already has full entropy (a recovery key: about 290 random bits) into a wrapping key; a passphrase
 * needs a slow function instead ({@link PassphraseKdf}).
 */
public final class Hkdf {
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    /** HKDF-SHA256 of the input keying material, {@link SecretBytes#LENGTH} bytes long. */
    public static SecretBytes sha256(byte[] inputKeyingMaterial, byte[] salt, String info) {
        byte[] prk = hmac(salt.length == 0 ? new byte[32] : salt, inputKeyingMaterial);
        // One block of the expand step: 32 bytes are all that is ever asked for.
        byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[infoBytes.length + 1];
        System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
        block[infoBytes.length] = 1;
        return SecretBytes.of(hmac(prk, block));
    }

    /** HMAC-SHA256 of a label under a key: a second key, independent of the first, for another use. */
    static byte[] label(byte[] key, String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC-SHA256 failed: " + e.getMessage(), e);
        }
    }
}
