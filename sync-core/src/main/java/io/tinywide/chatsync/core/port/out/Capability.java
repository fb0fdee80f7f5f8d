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
    /**
     * A path names at most one file. A storage without it (Google Drive, which allows several files of
     * one name and has no conditional update) keeps <em>versions</em> instead of overwriting, so that
     * no update is ever lost although writers race:
     * <ul>
     *   <li>{@link CloudStorage#list} shows one entry per version, each with its own revision;
     *       {@link CloudStorage#readVersions} returns them all, oldest first, and
     *       {@link CloudStorage#read(String, long)} the oldest;</li>
     *   <li>{@code write} with {@link WriteCondition#ifMatch(Revision) ifMatch(r)} fails if version
     *       {@code r} is not there; otherwise it adds a version and then removes version {@code r}, and no
     *       other. Two writers that both read {@code r} both succeed and leave two versions, which the
     *       next reader merges;</li>
     *   <li>{@code write} with {@link WriteCondition#ifAbsent()} fails if any version is there (checked
     *       before it adds one: racing creators may each leave a version);</li>
     *   <li>an unconditional {@code write} adds a version and removes every version that was there
     *       before it;</li>
     *   <li>{@code delete} with {@code ifMatch(r)} removes version {@code r} only (such a storage
     *       declares {@link #CONDITIONAL_DELETE}); an unconditional {@code delete} removes every
     *       version.</li>
     * </ul>
     * A reader that merges every version and writes the merge with {@code ifMatch} of one of them,
     * then deletes the others it read, loses nothing: a version it did not read is never removed.
     */
    UNIQUE_PATHS,
    /** {@link CloudStorage#delete} honours {@link WriteCondition#ifMatch(Revision)}. */
    CONDITIONAL_DELETE,
    /** A listing shows every completed write at once (no eventual consistency). */
    CONSISTENT_LISTING
}
