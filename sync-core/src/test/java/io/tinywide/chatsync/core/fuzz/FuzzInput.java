package io.tinywide.chatsync.core.fuzz;

import java.util.Base64;

/**
 * Runs a fuzz target so that a finding's report carries its input. Jazzer writes the input to the
 * source tree, which a CI build's clone takes with it when it is gone; the build's log keeps the
 * failure's stack trace, where the input then stands, in base64, as a suppressed exception.
 * Used by every module's fuzz tests (sync-cli's through sync-core's test jar), hence a package
 * outside sync-core's module: a named module's package cannot be split across two jars.
 */
public final class FuzzInput {
    /** Reports at most this many bytes of an input; fuzz inputs are a few kilobytes. */
    private static final int MOST_REPORTED = 64 * 1024;

    private FuzzInput() {
    }

    /** The body of a fuzz test. */
    @FunctionalInterface
    public interface Target {
        void run() throws Exception;
    }

    /** Runs {@code target} on {@code input}; whatever it throws also names the input. */
    public static void fuzz(byte[] input, Target target) throws Exception {
        try {
            target.run();
        } catch (Exception | Error e) {
            e.addSuppressed(new Reproducer(input));
            throw e;
        }
    }

    /** The input of a finding: save the decoded base64 in the target's inputs directory to replay it. */
    static final class Reproducer extends Exception {
        private static final long serialVersionUID = 1L;

        Reproducer(byte[] input) {
            super("fuzz input of " + input.length + " bytes, base64"
                    + (input.length > MOST_REPORTED ? " (the first " + MOST_REPORTED + ")" : "") + ": "
                    + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(input,
                    Math.min(input.length, MOST_REPORTED))), null, false, false);
        }
    }
}
