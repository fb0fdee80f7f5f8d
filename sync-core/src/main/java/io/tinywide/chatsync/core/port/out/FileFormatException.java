package io.tinywide.chatsync.core.port.out;

/**
 * A remote file that cannot be used: corrupt, tampered with, written by an unknown format
 * version, foreign, placed in the wrong month, or too large. Such a file is reported and never
 * overwritten or deleted on the strength of this failed read.
 */
public final class FileFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** Not parseable as a chatsync file at all. */
        CORRUPT,
        /** Authentication failed: tampered with, or encrypted with another key. */
        TAMPERED,
        /** A chatsync file of a format version this build does not know. */
        UNSUPPORTED_VERSION,
        /** A well-formed chatsync file that belongs elsewhere: another month, or another kind. */
        MISPLACED,
        /** Larger than the configured maximum. */
        TOO_LARGE
    }

    private final String path;
    private final Problem problem;

    public FileFormatException(String path, Problem problem, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.path = path;
        this.problem = problem;
    }

    public FileFormatException(String path, Problem problem, String detail) {
        this(path, problem, detail, null);
    }

    public String path() {
        return path;
    }

    public Problem problem() {
        return problem;
    }
}
