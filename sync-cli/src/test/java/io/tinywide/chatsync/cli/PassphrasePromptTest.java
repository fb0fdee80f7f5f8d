package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the passphrase comes from: the file, else CHATSYNC_PASSPHRASE, else a prompt on the
 * terminal, asked only when a key is derived, and twice for a new keyring. The terminal and the
 * environment are scripted; everything else (stores, remote folder, keyring) is real.
 */
class PassphrasePromptTest {
    private static final String M1 = "{\"id\":\"m1\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\","
            + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi\"}";

    @TempDir
    Path tmp;
    private Path remote;

    /** A terminal that answers from a script and remembers what it was asked. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal answering(String... lines) {
            answers.addAll(List.of(lines));
            return this;
        }

        @Override
        public boolean attached() {
            return true;
        }

        @Override
        public char[] readSecret(String prompt) {
            prompts.add(prompt);
            assertThat(answers).as("the terminal was asked more often than scripted: " + prompt).isNotEmpty();
            return answers.poll().toCharArray();
        }
    }

    record Result(int status, String out, String err) { }

    private Result run(Map<String, String> env, Terminal terminal, String device, String... command) {
        List<String> args = new ArrayList<>(List.of("--store", tmp.resolve(device + ".db").toString(),
                "--remote", remote.toUri().toString()));
        args.addAll(List.of(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        UnaryOperator<String> lookup = env::get;
        int status = ChatsyncCli.run(args.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true), lookup, terminal);
        return new Result(status, out.toString(), err.toString());
    }

    private Result run(Terminal terminal, String device, String... command) {
        return run(Map.of(), terminal, device, command);
    }

    @BeforeEach
    void setUp() throws IOException {
        remote = Files.createDirectories(tmp.resolve("remote"));
    }

    private String importFile() throws IOException {
        return Files.writeString(tmp.resolve("h.jsonl"), M1 + "\n").toString();
    }

    private List<String> remoteFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(remote)) {
            return walk.filter(Files::isRegularFile).map(p -> remote.relativize(p).toString()).toList();
        }
    }

    @Test
    void withoutFileVariableOrTerminalTheErrorIsTheOneItWasAndNothingIsCreated() throws IOException {
        Result r = run(Terminal.NONE, "a", "sync");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("chatsync: no passphrase: pass --passphrase-file FILE or set "
                + "CHATSYNC_PASSPHRASE");
        assertThat(tmp.resolve("a.db")).doesNotExist();
        assertThat(remoteFiles()).isEmpty();
    }

    @Test
    void aNewKeyringIsConfirmedAndAnExistingOneIsUnlockedWithOneQuestion() throws IOException {
        assertThat(run(Terminal.NONE, "a", "import", importFile()).status()).as("import derives no key").isZero();
        ScriptedTerminal first = new ScriptedTerminal().answering("typed at the terminal", "typed at the terminal");
        Result created = run(first, "a", "sync");
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(first.prompts).hasSize(2);
        assertThat(first.prompts.get(0)).startsWith("New passphrase for localfs:").contains("new keyring");
        assertThat(first.prompts.get(1)).isEqualTo("Repeat the passphrase: ");

        ScriptedTerminal second = new ScriptedTerminal().answering("typed at the terminal");
        Result synced = run(second, "b", "sync");
        assertThat(synced.status()).as(synced.err()).isZero();
        assertThat(synced.out()).contains("1 downloaded");
        assertThat(second.prompts).singleElement().asString().startsWith("Passphrase for localfs:");
    }

    @Test
    void twoDifferentAnswersForANewKeyringWriteNothing() throws IOException {
        run(Terminal.NONE, "a", "import", importFile());
        Result r = run(new ScriptedTerminal().answering("one passphrase", "another one"), "a", "sync");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("chatsync: the two passphrases differ; nothing was written. Run the "
                + "command again");
        assertThat(remoteFiles()).isEmpty();
    }

    @Test
    void aWrongOrEmptyAnswerIsRefusedClearly() throws IOException {
        run(Terminal.NONE, "a", "import", importFile());
        run(new ScriptedTerminal().answering("right", "right"), "a", "sync");
        List<String> before = remoteFiles();

        Result wrong = run(new ScriptedTerminal().answering("wrong"), "b", "sync");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("passphrase does not unlock");
        Result empty = run(new ScriptedTerminal().answering(""), "b", "sync");
        assertThat(empty.err().strip()).isEqualTo("chatsync: no passphrase typed; nothing was changed");
        Result blank = run(new ScriptedTerminal().answering("   "), "b", "verify");
        assertThat(blank.err().strip()).isEqualTo("chatsync: the passphrase is blank: it holds only whitespace");
        assertThat(remoteFiles()).isEqualTo(before);
    }

    @Test
    void theFileAndTheVariableComeFirstAndTheTerminalIsNotAsked() throws IOException {
        run(Terminal.NONE, "a", "import", importFile());
        ScriptedTerminal untouched = new ScriptedTerminal();
        Result byVariable = run(Map.of("CHATSYNC_PASSPHRASE", "from the variable"), untouched, "a", "sync");
        assertThat(byVariable.status()).as(byVariable.err()).isZero();

        Path file = Files.writeString(tmp.resolve("pass.txt"), "from the variable\n");
        Result byFile = run(Map.of("CHATSYNC_PASSPHRASE", "not this one"), untouched, "b", "--passphrase-file",
                file.toString(), "sync");
        assertThat(byFile.status()).as("the file wins over the variable: " + byFile.err()).isZero();
        assertThat(untouched.prompts).isEmpty();

        Result blank = run(Map.of("CHATSYNC_PASSPHRASE", " "), untouched, "c", "sync");
        assertThat(blank.err().strip()).isEqualTo("chatsync: the passphrase is blank: CHATSYNC_PASSPHRASE holds only "
                + "whitespace");
    }

    @Test
    void aCommandThatDerivesNoKeyNeverAsks() throws IOException {
        ScriptedTerminal untouched = new ScriptedTerminal();
        Result restore = run(untouched, "a", "restore", "--month", "2024-01");
        assertThat(restore.status()).as(restore.err()).isZero();
        assertThat(restore.out()).startsWith("no backup for 2024-01");
        Result verify = run(untouched, "a", "verify");
        assertThat(verify.err()).contains("nothing has been synced to this remote yet");
        assertThat(untouched.prompts).isEmpty();
    }
}
