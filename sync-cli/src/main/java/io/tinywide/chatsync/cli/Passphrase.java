package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.port.out.PassphraseSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where the command line gets the passphrase, in this order: the first line of
 * {@code --passphrase-file}, else {@code CHATSYNC_PASSPHRASE}, else a prompt on the terminal
 * (without echo, and twice when it is to protect a new keyring). The file and the variable are read
 * at once by {@link #check()}; the prompt waits until the engine needs a key, so a command that
 * derives none never asks.
 */
final class Passphrase implements PassphraseSource {
    static final String VARIABLE = "CHATSYNC_PASSPHRASE";
    /** Where {@code key passwd} finds the new passphrase when {@code --new-passphrase-file} is not given. */
    static final String NEW_VARIABLE = "CHATSYNC_NEW_PASSPHRASE";

    private final Path file;
    private final String fileOption;
    private final String variable;
    private final UnaryOperator<String> environment;
    private final Terminal terminal;
    private final String remote;
    private char[] given;

    /**
     * @param file        {@code --passphrase-file}, or null
     * @param environment looks up environment variables
     * @param terminal    where to ask when neither the file nor the variable is given
     * @param remote      the remote, named in the prompt
     */
    Passphrase(Path file, UnaryOperator<String> environment, Terminal terminal, String remote) {
        this(file, "--passphrase-file", VARIABLE, environment, terminal, remote);
    }

    private Passphrase(Path file, String fileOption, String variable, UnaryOperator<String> environment,
                       Terminal terminal, String remote) {
        this.file = file;
        this.fileOption = fileOption;
        this.variable = variable;
        this.environment = environment;
        this.terminal = terminal;
        this.remote = remote;
    }

    /** The new passphrase of {@code key passwd}: {@code --new-passphrase-file}, else {@value #NEW_VARIABLE}, else asked twice. */
    static Passphrase newOne(Path file, UnaryOperator<String> environment, Terminal terminal, String remote) {
        return new Passphrase(file, "--new-passphrase-file", NEW_VARIABLE, environment, terminal, remote);
    }

    /**
     * Reads the file or the variable if one is given, or makes sure a terminal can ask later;
     * otherwise fails with what to do. So a command can refuse before it creates anything.
     */
    synchronized void check() {
        if (given == null && !fromFileOrEnvironment() && !terminal.attached()) {
            throw new UserError("no " + (variable.equals(NEW_VARIABLE) ? "new " : "") + "passphrase: pass " + fileOption
                    + " FILE or set " + variable);
        }
    }

    @Override
    public synchronized char[] passphrase(Purpose purpose) {
        check();
        return given != null ? given.clone() : ask(purpose);
    }

    private boolean fromFileOrEnvironment() {
        if (file != null) {
            given = fromFile();
            return true;
        }
        String env = environment.apply(variable);
        if (env != null && !env.isEmpty()) {
            if (env.isBlank()) {
                throw new UserError("the passphrase is blank: " + variable + " holds only whitespace");
            }
            given = env.toCharArray();
            return true;
        }
        return false;
    }

    private char[] fromFile() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new UserError("the passphrase file " + file + " is empty");
            }
            if (lines.get(0).isBlank()) { // a key derived from spaces protects nothing
                throw new UserError("the passphrase is blank: the first line of " + file
                        + " holds only whitespace; write the passphrase there");
            }
            return lines.get(0).toCharArray();
        } catch (IOException e) {
            throw new UserError("cannot read the passphrase file " + file + ": " + e);
        }
    }

    private char[] ask(Purpose purpose) {
        if (purpose == Purpose.UNLOCK) {
            return typed(terminal.readSecret("Passphrase for " + remote + ": "));
        }
        char[] first = typed(terminal.readSecret(purpose == Purpose.NEW_PASSPHRASE ? "New passphrase for " + remote
                + ": " : "New passphrase for " + remote + " (it will protect a new keyring; "
                + "without it nothing there can be read): "));
        char[] again = terminal.readSecret("Repeat the passphrase: ");
        try {
            if (!Arrays.equals(first, again)) {
                throw new UserError("the two passphrases differ; nothing was written. Run the command again");
            }
            return first;
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    private static char[] typed(char[] line) {
        if (line == null || line.length == 0) {
            throw new UserError("no passphrase typed; nothing was changed");
        }
        for (char c : line) {
            if (!Character.isWhitespace(c)) {
                return line;
            }
        }
        throw new UserError("the passphrase is blank: it holds only whitespace");
    }
}
