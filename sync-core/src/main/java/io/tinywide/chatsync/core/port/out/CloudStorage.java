package io.tinywide.chatsync.core.port.out;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A remote folder of small files, addressed by {@code /}-separated paths relative to its root.
 *
 * <p>Guarantees every implementation gives (numbered as rules in {@code sync-tck/SPEC.md}):
 * <ul>
 *   <li>a successful {@link #write} is visible to the next {@link #read} of the same path
 *       (read-your-write) and returns the new revision, which differs from every earlier revision
 *       of that path;</li>
 *   <li>{@link #read} returns empty <em>only</em> when nothing exists at the path. Any failure to
 *       read (network, authorisation, throttling) throws: a read that failed is never an absent
 *       file;</li>
 *   <li>{@link #list} returns every file under the prefix, following every page;</li>
 *   <li>a read never holds more than the caller's limit in memory ({@link #read(String, long)});</li>
 *   <li>errors are {@link StorageException}s, never raw SDK or HTTP exceptions.</li>
 * </ul>
 *
 * <p>Implementations are safe for use by several threads at once.
 */
public interface CloudStorage extends AutoCloseable {

    /**
     * Every file whose path starts with the prefix ({@code ""} for all), in no particular order.
     *
     * @throws StorageException if the listing failed; a partial listing is never returned
     */
    List<RemoteEntry> list(String prefix);

    /** The largest limit a read can have: the largest byte array a JVM can hold. */
    long MAX_READ_BYTES = Integer.MAX_VALUE - 8;

    /**
     * How many bytes a bounded read asks its stream for: one more than the limit, so that a file of
     * exactly {@code maxBytes} is told from a larger one; a limit above {@link #MAX_READ_BYTES} counts
     * as that (callers may pass {@code Long.MAX_VALUE} for "as much as an array holds").
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    static int readCap(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a read limit must not be negative: " + maxBytes);
        }
        return (int) (Math.min(maxBytes, MAX_READ_BYTES) + 1);
    }

    /**
     * The content and revision of a file, if it holds at most {@code maxBytes} bytes. A larger file
     * is refused without being read whole: the storage reads at most {@code maxBytes + 1} bytes of it,
     * or only its size, so a huge or hostile remote file cannot exhaust the reader's memory.
     *
     * <p>On a storage without {@link Capability#UNIQUE_PATHS} that holds several versions of the
     * path, this is the oldest version (the one created first); see {@link #readVersions}.
     *
     * @param maxBytes the most bytes the caller accepts; above {@link #MAX_READ_BYTES} it counts as that
     * @return the file, or empty if and only if no file exists at the path
     * @throws ObjectTooLargeException if the file holds more than {@code maxBytes} bytes
     * @throws StorageException        if it could not be read
     */
    Optional<RemoteObject> read(String path, long maxBytes);

    /**
     * The content and revision of a file of any size a byte array can hold; see
     * {@link #read(String, long)}.
     */
    default Optional<RemoteObject> read(String path) {
        return read(path, MAX_READ_BYTES);
    }

    /**
     * Every version stored under the path, oldest first: the one {@link #read(String, long)} returns
     * on a storage with {@link Capability#UNIQUE_PATHS}, and every file of that name on a storage
     * without it (where writers that raced each leave a version, and a reader merges them all).
     *
     * @return the versions, each with its own revision; empty if and only if nothing exists at the path
     * @throws ObjectTooLargeException if a version holds more than {@code maxBytes} bytes
     * @throws StorageException        if any version could not be read; a partial answer is never
     *                                 returned
     */
    default List<RemoteObject> readVersions(String path, long maxBytes) {
        return read(path, maxBytes).map(List::of).orElse(List.of());
    }

    /**
     * Writes a whole file if the condition holds.
     *
     * @return the revision of what was written
     * @throws PreconditionFailedException if the condition does not hold; nothing was written
     * @throws StorageException            on any other failure; the write may or may not have
     *                                     happened, so callers re-read before trusting either
     */
    Revision write(String path, byte[] bytes, WriteCondition condition);

    /**
     * Deletes a file if the condition holds. Deleting an absent file with an unconditional
     * condition succeeds.
     *
     * @throws PreconditionFailedException if the condition does not hold
     * @throws UnsupportedCapabilityException for {@link WriteCondition#ifMatch} without
     *                                        {@link Capability#CONDITIONAL_DELETE}
     */
    void delete(String path, WriteCondition condition);

    /**
     * Removes the root itself, and what the storage made there for its own use (folders, a lock file),
     * if the root holds no file; never removes a file. The engine never calls it: it is how
     * {@code chatsync check-remote} and the conformance kit leave no trace of the scratch roots they
     * worked in. Call nothing but {@link #close()} after it.
     *
     * <p>The default suits storages whose folders are only the prefixes of their files' names (S3):
     * a root without files is no root at all. Storages with real folders (a disk, Google Drive, Dropbox)
     * override it.
     *
     * @return whether the root is gone (a root the storage may not remove, such as Google Drive's
     *         {@code appDataFolder} itself, is left without the folders in it); {@code false} if a file is
     *         still there
     * @throws StorageException if it could not be checked or removed
     */
    default boolean removeRootIfEmpty() {
        return list("").isEmpty();
    }

    /** The guarantees of this storage, for its endpoint and configuration. */
    Set<Capability> capabilities();

    /** Where this storage is, for messages: {@code localfs:/mnt/nas/tinywide/messaging}. Never secret. */
    String describe();

    /** Releases connections and threads. Calls after close may fail. */
    @Override
    void close();
}
