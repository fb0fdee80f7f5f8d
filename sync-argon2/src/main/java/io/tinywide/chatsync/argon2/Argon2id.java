package io.tinywide.chatsync.argon2;

import io.tinywide.chatsync.core.port.out.KeyDerivation;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Argon2id (RFC 9106, version 0x13) as a chatsync {@link KeyDerivation}, on BouncyCastle's
 * {@link Argon2BytesGenerator}. Found by {@link java.util.ServiceLoader} wherever this module is on
 * the class path or module path, it protects the passphrase of every new keyring and of every
 * passphrase changed from then on; keyrings protected by PBKDF2 keep opening as before.
 *
 * <p>New keyrings record {@code {"name":"Argon2id","memoryKiB":47104,"iterations":1,"parallelism":1}}:
 * the first of OWASP's equally strong settings for Argon2id, the one that spends memory rather than
 * passes. The storage provider holds {@code keyring.json} and may guess passphrases offline; with a
 * memory-hard function each guess costs it 46 MiB of fast memory, which bounds how many guesses its
 * hardware runs at once. The device pays it once per remote, since it keeps the unlocked key.
 *
 * <p>The parameters of a keyring come from a file the storage's owner can edit, so
 * {@link #checkParameters} refuses, before any work, parameters weaker than the least of OWASP's
 * settings and parameters that would take more than a few times the default's memory or time.
 */
public final class Argon2id implements KeyDerivation {
    /** The name keyrings record. */
    public static final String NAME = "Argon2id";
    static final String MEMORY = "memoryKiB";
    static final String ITERATIONS = "iterations";
    static final String PARALLELISM = "parallelism";

    // OWASP's Password Storage Cheat Sheet lists five settings of equal strength, from 46 MiB with one
    // pass to 7 MiB with five. New keyrings take the first: memory is what a guessing rig is short of.
    static final long DEFAULT_MEMORY_KIB = 47_104;
    static final long DEFAULT_ITERATIONS = 1;
    static final long DEFAULT_PARALLELISM = 1;

    // The floor: the least of those five settings (7 MiB, and 7 MiB x 5 passes of work). A keyring
    // asking for less was weakened by whoever wrote it.
    static final long LEAST_MEMORY_KIB = 7_168;
    static final long LEAST_WORK_KIB = 7_168 * 5;

    // The caps. Memory: 128 MiB fits the heap Java gives itself on a machine with 1 GiB (a quarter).
    // Work (memory times passes; lanes share the memory, they do not add to it): 256 MiB-passes,
    // about five and a half times the default's, so a planted keyring costs seconds, never minutes.
    static final long MOST_MEMORY_KIB = 131_072;
    static final long MOST_WORK_KIB = 262_144;
    static final long MOST_ITERATIONS = 16;
    static final long MOST_PARALLELISM = 16;

    private static final Map<String, Long> DEFAULTS = ordered(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS,
            DEFAULT_PARALLELISM);

    /** The derivation; {@link java.util.ServiceLoader} calls this. */
    public Argon2id() {
        // stateless: every derivation makes its own generator
    }

    private static Map<String, Long> ordered(long memoryKiB, long iterations, long parallelism) {
        Map<String, Long> parameters = new LinkedHashMap<>(); // the order keyrings write them in
        parameters.put(MEMORY, memoryKiB);
        parameters.put(ITERATIONS, iterations);
        parameters.put(PARALLELISM, parallelism);
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Memory-hard, unlike PBKDF2 (0); room is left below for a weaker memory-hard function such as scrypt. */
    @Override
    public int strength() {
        return 100;
    }

    @Override
    public Map<String, Long> defaultParameters() {
        return DEFAULTS;
    }

    @Override
    public void checkParameters(Map<String, Long> parameters) {
        if (!parameters.keySet().equals(Set.of(MEMORY, ITERATIONS, PARALLELISM))) {
            throw new IllegalArgumentException("asks for Argon2id with the parameters " + parameters.keySet()
                    + "; Argon2id takes " + MEMORY + ", " + ITERATIONS + " and " + PARALLELISM + ", nothing else");
        }
        long memory = parameters.get(MEMORY);
        long iterations = parameters.get(ITERATIONS);
        long parallelism = parameters.get(PARALLELISM);
        // The caps first: a planted keyring is refused for what it would cost before anything else.
        refuseAbove(memory, MOST_MEMORY_KIB, "KiB of Argon2id memory", DEFAULT_MEMORY_KIB);
        refuseAbove(iterations, MOST_ITERATIONS, "Argon2id iterations", DEFAULT_ITERATIONS);
        refuseAbove(parallelism, MOST_PARALLELISM, "Argon2id lanes (parallelism)", DEFAULT_PARALLELISM);
        if (iterations > 0 && memory * iterations > MOST_WORK_KIB) {
            throw new IllegalArgumentException("asks for Argon2id over " + memory + " KiB " + iterations
                    + " times, more work than the " + MOST_WORK_KIB + " KiB-passes this chatsync accepts (it writes "
                    + DEFAULT_MEMORY_KIB + " KiB once); it was not written by chatsync and is refused before any work");
        }
        if (iterations < 1 || parallelism < 1 || memory < LEAST_MEMORY_KIB
                || memory * iterations < LEAST_WORK_KIB) {
            // No lane check is needed: Argon2's 8 KiB per lane is far below the floor at 16 lanes.
            throw new IllegalArgumentException("asks for Argon2id with " + memory + " KiB, " + iterations
                    + " iterations and parallelism " + parallelism + ", weaker than the least this chatsync accepts ("
                    + LEAST_MEMORY_KIB + " KiB of memory, " + LEAST_WORK_KIB + " KiB over all iterations, at least one "
                    + "lane); a weakened keyring is refused");
        }
    }

    private static void refuseAbove(long asked, long most, String what, long written) {
        if (asked > most) {
            throw new IllegalArgumentException("asks for " + asked + " " + what + ", more than the " + most
                    + " this chatsync accepts (it writes " + written + "); it was not written by chatsync and is "
                    + "refused before any work");
        }
    }

    /**
     * Argon2id of the passphrase's UTF-8 bytes, with no secret and no associated data.
     *
     * @throws IllegalArgumentException if the parameters do not pass {@link #checkParameters}
     */
    @Override
    public byte[] derive(char[] passphrase, byte[] salt, Map<String, Long> parameters, int length) {
        checkParameters(parameters); // cheap, and the derivation below is not
        byte[] password = utf8(passphrase);
        try {
            return argon2id(password, salt, Math.toIntExact(parameters.get(MEMORY)),
                    Math.toIntExact(parameters.get(ITERATIONS)), Math.toIntExact(parameters.get(PARALLELISM)), null,
                    null, length);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** The UTF-8 bytes of the passphrase, in an array of its own that the caller clears. */
    private static byte[] utf8(char[] passphrase) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * RFC 9106's Argon2id, version 0x13: the one place that wires BouncyCastle, so that the RFC's
     * test vector (which has a secret and associated data) checks exactly what keyrings use.
     *
     * @param secret         the optional secret K; null for none
     * @param associatedData the optional associated data X; null for none
     */
    static byte[] argon2id(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, byte[] secret,
                           byte[] associatedData, int length) {
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt);
        if (secret != null) {
            parameters.withSecret(secret);
        }
        if (associatedData != null) {
            parameters.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters.build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    /** {@code Argon2id(46 MiB, 1 iteration, 1 lane)}: what {@code chatsync key list} shows. */
    @Override
    public String describe(Map<String, Long> parameters) {
        long memory = parameters.getOrDefault(MEMORY, 0L);
        long iterations = parameters.getOrDefault(ITERATIONS, 0L);
        long lanes = parameters.getOrDefault(PARALLELISM, 0L);
        return NAME + "(" + (memory % 1024 == 0 ? memory / 1024 + " MiB" : memory + " KiB") + ", " + iterations
                + (iterations == 1 ? " iteration, " : " iterations, ") + lanes + (lanes == 1 ? " lane)" : " lanes)");
    }
}
