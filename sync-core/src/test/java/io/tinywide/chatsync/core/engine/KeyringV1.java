package io.tinywide.chatsync.core.engine;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** A keyring of format version 1, made as docs/format.md described it before version 2, with the JDK alone. */
final class KeyringV1 {
    private KeyringV1() {
    }

    static byte[] make(String passphrase) {
        try {
            SecureRandom random = new SecureRandom();
            byte[] key = new byte[32];
            byte[] salt = new byte[16];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(salt);
            random.nextBytes(nonce);
            String keyId = "k" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
            String b64Salt = Base64.getEncoder().encodeToString(salt);
            String header = "{\"format\":\"chatsync\",\"formatVersion\":1,\"kind\":\"keyring\",\"keyId\":\"" + keyId
                    + "\",\"kdf\":{\"name\":\"PBKDF2-HMAC-SHA256\",\"iterations\":1000,\"salt\":\"" + b64Salt + "\"}";
            byte[] wrapping = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(passphrase.toCharArray(), salt, 1000, 256)).getEncoded();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrapping, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD((header + "}").getBytes(StandardCharsets.UTF_8));
            byte[] wrapped = cipher.doFinal(key);
            return (header + ",\"wrappedKey\":{\"cipher\":\"AES-256-GCM\",\"nonce\":\""
                    + Base64.getEncoder().encodeToString(nonce) + "\",\"ciphertext\":\""
                    + Base64.getEncoder().encodeToString(wrapped) + "\"}}").getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
