package io.tinywide.chatsync.core.port.out;

import java.util.Optional;

/**
 * A {@link WriteCondition} did not hold: someone else wrote or created the file first. Nothing was
 * written. The caller re-reads, merges and tries again.
 */
public final class PreconditionFailedException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final transient WriteCondition expected;
    private final transient Revision actual;

    /**
     * @param storage  the storage's {@link CloudStorage#describe() description}, so that the message says
     *                 where (SPEC R9.1)
     * @param path     the path written or deleted
     * @param expected the condition that failed
     * @param actual   the revision found, when the provider knows it; {@code null} otherwise
     */
    public PreconditionFailedException(String storage, String path, WriteCondition expected, Revision actual) {
        super(storage + ": condition failed for " + path + ": expected " + describe(expected)
                + (actual == null ? "" : ", found revision " + actual));
        this.path = path;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * A message without the storage's name.
     *
     * @deprecated the message does not say which storage refused the condition, which SPEC R9.1 requires;
     *     use {@link #PreconditionFailedException(String, String, WriteCondition, Revision)}
     */
    @Deprecated
    public PreconditionFailedException(String path, WriteCondition expected, Revision actual) {
        super("write condition failed for " + path + ": expected " + describe(expected)
                + (actual == null ? "" : ", found revision " + actual));
        this.path = path;
        this.expected = expected;
        this.actual = actual;
    }

    public String path() {
        return path;
    }

    public WriteCondition expected() {
        return expected;
    }

    public Optional<Revision> actual() {
        return Optional.ofNullable(actual);
    }

    private static String describe(WriteCondition c) {
        if (c instanceof WriteCondition.IfMatch m) {
            return "revision " + m.revision();
        }
        return c instanceof WriteCondition.IfAbsent ? "no file" : "anything";
    }
}
