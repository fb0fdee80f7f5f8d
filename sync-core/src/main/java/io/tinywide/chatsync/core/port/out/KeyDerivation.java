package io.tinywide.chatsync.core.port.out;

import java.util.Map;

/**
 * A function that derives a wrapping key from a passphrase: the service a module provides to add a
 * memory-hard function such as Argon2id ({@code sync-argon2}). The core has PBKDF2-HMAC-SHA256
 * built in; others are found by {@link java.util.ServiceLoader} (module-info {@code provides} and
 * {@code META-INF/services}), and the best one found protects new keyrings.
 *
 * <p>A keyring records the function's {@link #name()}, its parameters and a salt. A keyring that
 * names a function this build lacks is refused with the name of what to add. The parameters come
 * from a file that the storage's owner can edit, so {@link #checkParameters} refuses any that would
 * make a command hang or exhaust memory, and any weaker than the function's own floor, before any
 * work.
 */
public interface KeyDerivation {

    /** The name recorded in keyrings, such as {@code Argon2id}. */
    String name();

    /**
     * How much better than PBKDF2 this function resists guessing on the storage owner's hardware,
     * to choose among several found: PBKDF2 is 0, a memory-hard function more.
     */
    int strength();

    /** The parameters of new keyrings, by name, in the order they are written (integers only). */
    Map<String, Long> defaultParameters();

    /**
     * Refuses parameters a keyring may not ask for.
     *
     * @throws IllegalArgumentException saying which parameter is out of which range
     */
    void checkParameters(Map<String, Long> parameters);

    /**
     * Derives {@code length} bytes. Called only with parameters that passed {@link #checkParameters}.
     *
     * @param passphrase the passphrase; not kept
     * @param salt       the keyring's random salt
     */
    byte[] derive(char[] passphrase, byte[] salt, Map<String, Long> parameters, int length);

    /** Short description for listings: {@code Argon2id(memoryKiB=19456, iterations=2, parallelism=1)}. */
    default String describe(Map<String, Long> parameters) {
        StringBuilder s = new StringBuilder(name()).append('(');
        parameters.forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ").append(k).append('=')
                .append(v));
        return s.append(')').toString();
    }
}
