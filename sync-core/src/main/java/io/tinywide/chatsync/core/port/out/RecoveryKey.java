package io.tinywide.chatsync.core.port.out;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A recovery key: 64 characters of Crockford's base32 (digits and capitals without I, L, O and U),
 * shown once in 16 groups of 4 for reading aloud, a second way into a remote's keyring beside the
 * passphrase. 58 characters are random (290 bits); the last 6 are a BCH checksum (the code of
 * BIP-173's bech32m), which detects any error in up to four characters: every single typo and every
 * swap of neighbours is caught before any work.
 *
 * <p>Reading is forgiving: spaces and dashes are ignored, case does not matter, and {@code O} reads
 * as zero, {@code I} and {@code L} as one, as Crockford's alphabet intends.
 */
public final class RecoveryKey {
    /** Characters in a recovery key. */
    public static final int LENGTH = 64;
    private static final int CHECK = 6;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int BECH32M = 0x2bc830a3;
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] symbols; // LENGTH values 0..31, checksum last

    private RecoveryKey(byte[] symbols) {
        this.symbols = symbols;
    }

    /** A new random recovery key. */
    public static RecoveryKey generate() {
        byte[] s = new byte[LENGTH];
        for (int i = 0; i < LENGTH - CHECK; i++) {
            s[i] = (byte) RANDOM.nextInt(32);
        }
        int mod = polymod(s, LENGTH - CHECK, true) ^ BECH32M;
        for (int i = 0; i < CHECK; i++) {
            s[LENGTH - CHECK + i] = (byte) ((mod >>> (5 * (CHECK - 1 - i))) & 31);
        }
        return new RecoveryKey(s);
    }

    /**
     * Reads a recovery key as a person typed it.
     *
     * @throws IllegalArgumentException saying what is wrong (a character that is not in the alphabet,
     *                                  the length, or the checksum), never repeating the key
     */
    public static RecoveryKey parse(CharSequence text) {
        byte[] s = new byte[LENGTH];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toUpperCase(text.charAt(i));
            if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            int v = c == 'O' ? 0 : c == 'I' || c == 'L' ? 1 : ALPHABET.indexOf(c);
            if (v < 0) {
                Arrays.fill(s, (byte) 0);
                throw new IllegalArgumentException("the recovery key has a character that is not in its alphabet ("
                        + "character " + (n + 1) + "); a recovery key holds digits and the letters A to Z without "
                        + "I, L, O and U");
            }
            if (n < LENGTH) {
                s[n] = (byte) v;
            }
            n++;
        }
        if (n != LENGTH) {
            Arrays.fill(s, (byte) 0);
            throw new IllegalArgumentException("the recovery key has " + n + " characters, not " + LENGTH
                    + " (16 groups of 4); check that it was copied whole");
        }
        if ((polymod(s, LENGTH, false) ^ BECH32M) != 0) {
            Arrays.fill(s, (byte) 0);
            throw new IllegalArgumentException("the recovery key is mistyped: its check characters do not match; "
                    + "compare it group by group with the one written down");
        }
        return new RecoveryKey(s);
    }

    private static int polymod(byte[] values, int count, boolean padForChecksum) {
        int chk = 1;
        int total = padForChecksum ? count + CHECK : count;
        for (int i = 0; i < total; i++) {
            int v = i < count ? values[i] : 0;
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int g = 0; g < 5; g++) {
                if (((top >>> g) & 1) != 0) {
                    chk ^= GENERATOR[g];
                }
            }
        }
        return chk;
    }

    /** The key in 16 groups of 4, separated by dashes: how it is shown once and written down. */
    public String grouped() {
        StringBuilder b = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(ALPHABET.charAt(symbols[i]));
        }
        return b.toString();
    }

    /** The key's canonical characters (no dashes) as bytes, the input of the key derivation. */
    public byte[] secret() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) ALPHABET.charAt(symbols[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryKey r && java.security.MessageDigest.isEqual(symbols, r.symbols);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols);
    }

    /** Never the key itself: a recovery key must not end up in a log. */
    @Override
    public String toString() {
        return "RecoveryKey[redacted]";
    }
}
