package io.tinywide.chatsync.guice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The passphrase sources an application usually has (an environment variable, a file, a passphrase
 * it holds), as the core's {@link io.tinywide.chatsync.core.port.out.PassphraseSource}: the
 * passphrase is read only when a key must be derived from it (the first sync of a remote on this
 * device, a passphrase change; on every start if the device keeps no keys, see
 * {@link ChatSyncModule}), and the array read is cleared at once. Keep the passphrase out of the
 * settings themselves, which applications log and print.
 *
 * <p>{@link ChatSyncSettings} takes any core source too, such as a dialog that asks twice when the
 * {@link io.tinywide.chatsync.core.port.out.PassphraseSource.Purpose} is a new keyring.
 */
@FunctionalInterface
public interface PassphraseSource extends io.tinywide.chatsync.core.port.out.PassphraseSource {

    /**
     * A fresh copy of the passphrase, which the caller clears after use.
     *
     * @throws IllegalStateException if there is none, saying where it was looked for
     */
    char[] read();

    /**
     * Reads the passphrase, whatever the purpose, and clears what {@link #read()} returned once the
     * core has its copy.
     */
    @Override
    default char[] passphrase(Purpose purpose) {
        char[] read = read();
        try {
            return read.clone(); // the core copies this in turn; the array read is cleared here
        } finally {
            Arrays.fill(read, '\0');
        }
    }

    /** The value of an environment variable, such as {@code CHATSYNC_PASSPHRASE}. */
    static PassphraseSource environment(String variable) {
        Objects.requireNonNull(variable, "variable");
        return () -> {
            String value = System.getenv(variable);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("no chatsync passphrase: the environment variable " + variable
                        + " is not set; set it to the passphrase, or configure another PassphraseSource");
            }
            return requireNotBlank(value.toCharArray(), "the environment variable " + variable);
        };
    }

    /** The first line of a UTF-8 file, such as one that only the application's user can read. */
    static PassphraseSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return () -> {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the chatsync passphrase file " + file + ": " + e, e);
            }
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalStateException("the chatsync passphrase file " + file
                        + " is empty; write the passphrase on its first line");
            }
            return requireNotBlank(lines.get(0).toCharArray(), "the first line of " + file);
        };
    }

    /**
     * A passphrase the application already holds, such as one the user just typed. The array is
     * copied now, so the caller may clear its own.
     */
    static PassphraseSource of(char[] passphrase) {
        char[] copy = requireNotBlank(Objects.requireNonNull(passphrase, "passphrase").clone(), "the given passphrase");
        return copy::clone;
    }

    private static char[] requireNotBlank(char[] passphrase, String where) {
        for (char c : passphrase) { // looked at in place: a String copy would outlive the clearing
            if (!Character.isWhitespace(c)) {
                return passphrase;
            }
        }
        Arrays.fill(passphrase, '\0');
        throw new IllegalStateException("the chatsync passphrase is blank: " + where + " holds only whitespace; "
                + "a key derived from spaces protects nothing");
    }
}
