package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.KdfParams;
import io.tinywide.chatsync.core.crypto.PassphraseKdf;
import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.port.out.KeyDerivation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The key derivations this build has: PBKDF2-HMAC-SHA256 built in, and those found by
 * {@link ServiceLoader} (Argon2id from {@code sync-argon2}). A provider that fails to load is
 * skipped with a warning, so one broken jar cannot stop every command.
 */
final class KeyDerivations {
    private static final System.Logger LOG = System.getLogger(KeyDerivations.class.getName());
    private static final List<KeyDerivation> FOUND = load();

    /** The most PBKDF2 iterations a keyring may ask for: a few times the default, never minutes of work. */
    static final int MOST_ITERATIONS = 2_000_000;

    private final CodecOptions options;
    private final Pbkdf2 pbkdf2;

    KeyDerivations(CodecOptions options) {
        this.options = options;
        this.pbkdf2 = new Pbkdf2(options);
    }

    private static List<KeyDerivation> load() {
        List<KeyDerivation> out = new ArrayList<>();
        var it = ServiceLoader.load(KeyDerivation.class, KeyDerivation.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "a key derivation provider could not be loaded and is skipped: "
                        + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** The derivation of that name, if this build has it. */
    Optional<KeyDerivation> named(String name) {
        if (KdfParams.PBKDF2_SHA256.equals(name)) {
            return Optional.of(pbkdf2);
        }
        return FOUND.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The derivation that protects new passphrases. */
    KeyDerivation forNewPassphrases() {
        if (options.newKdf() != null) {
            return named(options.newKdf()).orElseThrow(() -> new IllegalStateException("key derivation '"
                    + options.newKdf() + "' is not in this build"));
        }
        return FOUND.stream().max(Comparator.comparingInt(KeyDerivation::strength))
                .filter(k -> k.strength() > pbkdf2.strength()).map(k -> (KeyDerivation) k).orElse(pbkdf2);
    }

    /** PBKDF2-HMAC-SHA256 on the JDK, with the cost and the floor of the codec's options. */
    private static final class Pbkdf2 implements KeyDerivation {
        private final CodecOptions options;

        Pbkdf2(CodecOptions options) {
            this.options = options;
        }

        @Override
        public String name() {
            return KdfParams.PBKDF2_SHA256;
        }

        @Override
        public int strength() {
            return 0;
        }

        @Override
        public Map<String, Long> defaultParameters() {
            return Map.of("iterations", (long) options.kdfIterations());
        }

        @Override
        public void checkParameters(Map<String, Long> parameters) {
            if (!parameters.keySet().equals(java.util.Set.of("iterations"))) {
                throw new IllegalArgumentException("PBKDF2 takes an iteration count and nothing else, not "
                        + parameters.keySet());
            }
            long iterations = parameters.get("iterations");
            if (iterations < options.minimumAcceptedIterations()) {
                throw new IllegalArgumentException("asks for " + iterations + " PBKDF2 iterations, fewer than the "
                        + options.minimumAcceptedIterations() + " this chatsync accepts; a weakened keyring is refused");
            }
            if (iterations > MOST_ITERATIONS) {
                // Derived before anything else happens, so a planted cost would make every command
                // hang for minutes and then blame the passphrase.
                throw new IllegalArgumentException("asks for " + iterations + " PBKDF2 iterations, more than the "
                        + MOST_ITERATIONS + " this chatsync accepts (it writes " + options.kdfIterations()
                        + "); it was not written by chatsync and is refused before any work");
            }
        }

        @Override
        public byte[] derive(char[] passphrase, byte[] salt, Map<String, Long> parameters, int length) {
            SecretBytes key = PassphraseKdf.derive(passphrase,
                    new KdfParams(KdfParams.PBKDF2_SHA256, Math.toIntExact(parameters.get("iterations")), salt));
            return key.exportForKeeping();
        }

        @Override
        public String describe(Map<String, Long> parameters) {
            return name() + "(" + parameters.get("iterations") + " iterations)";
        }
    }
}
