package io.tinywide.chatsync.cli;

import java.io.Console;

/**
 * The terminal a person types at, if one is attached: where a passphrase is asked without echo.
 * Tests script one; {@link #NONE} stands for a run from a script, a pipe or CI.
 */
interface Terminal {

    /** No terminal: nothing can be asked. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean attached() {
            return false;
        }

        @Override
        public char[] readSecret(String prompt) {
            throw new IllegalStateException("no terminal to ask on");
        }
    };

    /** Whether someone can be asked. */
    boolean attached();

    /**
     * Shows the prompt and reads one line without echoing it.
     *
     * @return the line without its line break, or null at the end of input (Ctrl-D)
     */
    char[] readSecret(String prompt);

    /**
     * The process's terminal: {@link System#console()}, which is there only when both standard
     * input and output are a terminal, as picocli's interactive options also require.
     */
    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean attached() {
                return true;
            }

            @Override
            public char[] readSecret(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
    }
}
