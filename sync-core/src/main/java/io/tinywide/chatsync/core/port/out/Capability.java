package io.tinywide.chatsync.core.port.out;

/**
 * Optional guarantees of a storage. The engine is correct without any of them; they let it skip
 * work and let the conformance kit hold a provider to stronger rules.
 */
public enum Capability {
    /**
     * {@link WriteCondition#ifAbsent()} and {@link WriteCondition#ifMatch(Revision)} are atomic:
     * of many concurrent conditional writers of one path exactly one succeeds.
     */
    ATOMIC_CONDITIONAL_WRITE,
    /** A path names at most one file (Google Drive, for one, allows several files of one name). */
    UNIQUE_PATHS,
    /** {@link CloudStorage#delete} honours {@link WriteCondition#ifMatch(Revision)}. */
    CONDITIONAL_DELETE,
    /** A listing shows every completed write at once (no eventual consistency). */
    CONSISTENT_LISTING
}
