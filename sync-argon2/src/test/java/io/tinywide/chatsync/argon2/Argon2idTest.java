package io.tinywide.chatsync.argon2;

import io.tinywide.chatsync.core.port.out.KeyDerivation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The function against published vectors, and its floor and caps. Small parameters are used only
 * where the point is the wiring, never the cost; the keyring tests derive with the defaults.
 */
class Argon2idTest {
    private static final KeyDerivation ARGON2ID = new Argon2id();
    private static final byte[] SOMESALT = "somesalt".getBytes(StandardCharsets.US_ASCII);

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, Long> parameters(long memoryKiB, long iterations, long parallelism) {
        Map<String, Long> p = new LinkedHashMap<>();
        p.put("memoryKiB", memoryKiB);
        p.put("iterations", iterations);
        p.put("parallelism", parallelism);
        return p;
    }

    /** RFC 9106, section 5.3: version 0x13, 32 KiB, 3 passes, 4 lanes, a secret and associated data. */
    @Test
    void theRfc9106VectorProvesVersionParametersSaltAndLength() {
        byte[] tag = Argon2id.argon2id(filled(32, 0x01), filled(16, 0x02), 32, 3, 4, filled(8, 0x03),
                filled(12, 0x04), 32);
        assertThat(hex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    /** The reference implementation's own tests (phc-winner-argon2, test.c): no secret, no associated data. */
    @Test
    void theReferenceImplementationsVectorsWithoutSecretOrAssociatedData() {
        byte[] password = "password".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Argon2id.argon2id(password, SOMESALT, 256, 2, 1, null, null, 32)))
                .isEqualTo("9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe");
        assertThat(hex(Argon2id.argon2id(password, SOMESALT, 256, 2, 2, null, null, 32)))
                .as("two lanes").isEqualTo("6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037");
    }

    /** What keyrings call: the passphrase's characters, the named parameters, and the length asked for. */
    @Test
    void deriveIsArgon2idOfThePassphrasesUtf8Bytes() {
        byte[] derived = ARGON2ID.derive("password".toCharArray(), SOMESALT, parameters(65_536, 2, 1), 32);
        assertThat(hex(derived)).as("the reference's 64 MiB vector")
                .isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");

        String passphrase = "Grüße, 👋 мир";
        Map<String, Long> least = parameters(Argon2id.LEAST_MEMORY_KIB, 5, 1);
        assertThat(ARGON2ID.derive(passphrase.toCharArray(), SOMESALT, least, 32))
                .isEqualTo(Argon2id.argon2id(passphrase.getBytes(StandardCharsets.UTF_8), SOMESALT,
                        (int) Argon2id.LEAST_MEMORY_KIB, 5, 1, null, null, 32))
                .isNotEqualTo(Argon2id.argon2id(passphrase.getBytes(StandardCharsets.UTF_16BE), SOMESALT,
                        (int) Argon2id.LEAST_MEMORY_KIB, 5, 1, null, null, 32));
    }

    @Test
    void newKeyringsGetOwaspsFortySixMibInOnePassAndOneLaneInTheOrderTheyAreWritten() {
        assertThat(ARGON2ID.name()).isEqualTo("Argon2id");
        assertThat(ARGON2ID.defaultParameters()).containsExactly(Map.entry("memoryKiB", 47_104L),
                Map.entry("iterations", 1L), Map.entry("parallelism", 1L));
        assertThatCode(() -> ARGON2ID.checkParameters(ARGON2ID.defaultParameters())).doesNotThrowAnyException();
        assertThat(ARGON2ID.strength()).isPositive();
        assertThat(ARGON2ID.describe(ARGON2ID.defaultParameters())).isEqualTo("Argon2id(46 MiB, 1 iteration, 1 lane)");
        assertThat(ARGON2ID.describe(parameters(19_000, 2, 4))).isEqualTo("Argon2id(19000 KiB, 2 iterations, 4 lanes)");
    }

    /** Each of OWASP's five settings of equal strength opens; anything weaker than the least of them is refused. */
    @Test
    void owaspsSettingsAreAcceptedAndWeakerOnesRefused() {
        for (long[] owasp : List.of(new long[] {47_104, 1}, new long[] {19_456, 2}, new long[] {12_288, 3},
                new long[] {9_216, 4}, new long[] {7_168, 5})) {
            assertThatCode(() -> ARGON2ID.checkParameters(parameters(owasp[0], owasp[1], 1))).doesNotThrowAnyException();
        }
        for (Map<String, Long> weak : List.of(parameters(7_168, 4, 1), parameters(4_096, 16, 1), parameters(47_104, 0, 1),
                parameters(47_104, 1, 0), parameters(-47_104, -1, 1))) {
            assertThatThrownBy(() -> ARGON2ID.checkParameters(weak)).as(weak.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weaker than the least this chatsync accepts")
                    .hasMessageContaining("a weakened keyring is refused");
        }
    }

    /**
     * A keyring asking for terabytes, hours, or a thousand lanes is refused before any work: these
     * calls would otherwise exhaust the test's memory or never return.
     */
    @Test
    void whatWouldHangOrExhaustMemoryIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> ARGON2ID.derive("p".toCharArray(), SOMESALT, parameters(Integer.MAX_VALUE, 1, 1), 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asks for 2147483647 KiB of Argon2id memory, more than the 131072 this chatsync accepts "
                        + "(it writes 47104); it was not written by chatsync and is refused before any work");
        assertThatThrownBy(() -> ARGON2ID.derive("p".toCharArray(), SOMESALT, parameters(47_104, 1_000_000, 1), 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asks for 1000000 Argon2id iterations, more than the 16");
        assertThatThrownBy(() -> ARGON2ID.derive("p".toCharArray(), SOMESALT, parameters(47_104, 1, 1_000), 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asks for 1000 Argon2id lanes (parallelism), more than the 16");
        // Each within its own cap, together too much: 128 MiB sixteen times over.
        assertThatThrownBy(() -> ARGON2ID.derive("p".toCharArray(), SOMESALT, parameters(131_072, 16, 1), 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asks for Argon2id over 131072 KiB 16 times, more work than the 262144 KiB-passes")
                .hasMessageContaining("refused before any work");
        assertThatCode(() -> ARGON2ID.checkParameters(parameters(131_072, 2, 16))).as("the caps themselves")
                .doesNotThrowAnyException();
    }

    @Test
    void parametersArePreciselyTheThreeItTakes() {
        Map<String, Long> extra = parameters(47_104, 1, 1);
        extra.put("secret", 1L);
        Map<String, Long> missing = parameters(47_104, 1, 1);
        missing.remove("parallelism");
        for (Map<String, Long> odd : List.of(extra, missing, Map.<String, Long>of("iterations", 600_000L))) {
            assertThatThrownBy(() -> ARGON2ID.checkParameters(odd)).as(odd.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Argon2id takes memoryKiB, iterations and parallelism, nothing else");
        }
    }

    /**
     * Declared both ways a service is found: module-info's {@code provides} (these tests run on the
     * module path) and the services file of the class path. That the core finds it is shown by
     * {@link Argon2idKeyringTest}: new keyrings record Argon2id.
     */
    @Test
    void itIsDeclaredAsAServiceOnTheModulePathAndTheClassPath() throws IOException {
        assertThat(Argon2id.class.getModule().getDescriptor().provides())
                .anySatisfy(p -> {
                    assertThat(p.service()).isEqualTo(KeyDerivation.class.getName());
                    assertThat(p.providers()).containsExactly(Argon2id.class.getName());
                });
        try (InputStream services = Argon2id.class.getClassLoader()
                .getResourceAsStream("META-INF/services/" + KeyDerivation.class.getName())) {
            assertThat(services).as("the services file, for the class path").isNotNull();
            assertThat(new String(services.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(Argon2id.class.getName());
        }
    }
}
