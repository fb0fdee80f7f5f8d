package io.tinywide.chatsync.core.port.out;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDelta;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The device's own copy of the history: the messenger's database, or one of chatsync's stores.
 *
 * <p>The application records what happens on the device with {@link #save} and {@link #delete};
 * the engine reads a month with {@link #load} and applies what arrived from elsewhere with
 * {@link #apply}. Each partition carries a <em>version</em>, a counter that rises with every change
 * to that partition, whichever its source; it is how the engine knows which months changed since it
 * last synced them with a given remote.
 *
 * <p>Versions never decrease and survive restarts exactly as long as the {@link SyncStateStore}
 * that remembers them does: keep both in one database (as chatsync's SQLite store does), or both in
 * memory. A message store restored from an older backup while the sync state was kept would make
 * new changes look synced.
 *
 * <p>Rules every implementation keeps: every change is atomic (a crash leaves the store as it was
 * before or after it, never between); a message whose id has a tombstone is never stored as live
 * (remove wins); a message replaces an existing one only with a higher {@link ChatMessage#version()};
 * implementations are safe for use by several threads at once.
 */
public interface LocalMessageStore {

    /**
     * Records a new or edited message. Ignored if the id is deleted or the stored version is not
     * lower.
     *
     * @throws io.tinywide.chatsync.core.domain.VaultDataException if a message with this id but
     *         another conversation, sender or {@code sentAt} is stored
     */
    void save(ChatMessage message);

    /** Records a deletion: stores the tombstone and removes the message it names, if present. */
    void delete(Tombstone tombstone);

    /** The live message with this id, if stored. */
    Optional<ChatMessage> message(String id);

    /** The live messages of a conversation, ordered by (sentAt, id). */
    List<ChatMessage> conversation(String conversationUrn);

    /** Every partition that holds a message or a tombstone, with its current version. */
    SortedMap<PartitionKey, Long> partitionVersions();

    /** The messages and tombstones of one partition, and its version, read consistently. */
    LocalPartition load(PartitionKey partition);

    /**
     * Applies changes that arrived from a remote, atomically, with the same rules as {@link #save}
     * and {@link #delete} (so a concurrent local edit with a higher version is kept).
     *
     * @return the partition's version just before and just after the change, read in the same
     *         transaction; equal if nothing changed. The engine uses the pair to tell whether the
     *         store changed between its {@link #load} and this apply.
     */
    Applied apply(VaultDelta delta);

    /**
     * One partition as stored locally.
     *
     * @param vault   its messages and tombstones
     * @param version its version when read
     */
    record LocalPartition(ChatVault vault, long version) { }

    /**
     * The versions around one {@link #apply}.
     *
     * @param versionBefore the partition's version right before the change
     * @param versionAfter  its version right after; equal to {@code versionBefore} if nothing changed
     */
    record Applied(long versionBefore, long versionAfter) { }
}
