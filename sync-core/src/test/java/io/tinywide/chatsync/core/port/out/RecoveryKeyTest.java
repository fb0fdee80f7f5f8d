package io.tinywide.chatsync.core.port.out;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recovery key's text: grouped for reading, forgiving to type, and every likely typo caught. */
class RecoveryKeyTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    @Test
    void isShownIn16GroupsOf4FromAnUnambiguousAlphabet() {
        String shown = RecoveryKey.generate().grouped();
        assertThat(shown).matches("([0-9A-HJKMNP-TV-Z]{4}-){15}[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(shown).doesNotContain("I", "L", "O", "U");
        assertThat(RecoveryKey.generate().toString()).isEqualTo("RecoveryKey[redacted]");
    }

    @Test
    void readsBackWithOrWithoutSeparatorsInAnyCaseAndWithLookAlikes() {
        RecoveryKey key = RecoveryKey.generate();
        String shown = key.grouped();
        assertThat(RecoveryKey.parse(shown)).isEqualTo(key);
        assertThat(RecoveryKey.parse(shown.replace("-", ""))).isEqualTo(key);
        assertThat(RecoveryKey.parse(shown.replace("-", " ").toLowerCase())).isEqualTo(key);
        assertThat(RecoveryKey.parse(" " + shown.replace('0', 'O').replace('1', 'l') + "\n")).isEqualTo(key);
    }

    @RepeatedTest(5)
    void everySingleTypoAndEverySwapOfNeighboursIsCaught() {
        String clean = RecoveryKey.generate().grouped().replace("-", "");
        int caught = 0;
        for (int i = 0; i < clean.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c != clean.charAt(i)) {
                    String typo = clean.substring(0, i) + c + clean.substring(i + 1);
                    assertThatThrownBy(() -> RecoveryKey.parse(typo)).hasMessageContaining("mistyped");
                    caught++;
                }
            }
            if (i + 1 < clean.length() && clean.charAt(i) != clean.charAt(i + 1)) {
                String swapped = clean.substring(0, i) + clean.charAt(i + 1) + clean.charAt(i) + clean.substring(i + 2);
                assertThatThrownBy(() -> RecoveryKey.parse(swapped)).hasMessageContaining("mistyped");
                caught++;
            }
        }
        assertThat(caught).isGreaterThan(64 * 31);
    }

    @Test
    void aWrongLengthOrAForeignCharacterIsSaidPlainlyWithoutRepeatingTheKey() {
        String shown = RecoveryKey.generate().grouped();
        assertThatThrownBy(() -> RecoveryKey.parse(shown.substring(0, shown.length() - 5)))
                .hasMessageContaining("has 60 characters, not 64").hasMessageNotContaining(shown.substring(0, 9));
        assertThatThrownBy(() -> RecoveryKey.parse(shown.replaceFirst("-", "U")))
                .hasMessageContaining("not in its alphabet");
        assertThatThrownBy(() -> RecoveryKey.parse(shown + "!")).hasMessageContaining("not in its alphabet");
    }
}
