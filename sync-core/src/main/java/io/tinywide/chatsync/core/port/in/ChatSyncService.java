package io.tinywide.chatsync.core.port.in;

import java.time.LocalDate;

/**
 * The facade an application calls to back up, sync and restore its chat history.
 *
 * <p>A service is bound to one device's stores and to one or more remotes, each named by the id of
 * its provider ({@code localfs}, {@code s3}, ...). Restores read from the default remote, the
 * first one configured. Every method is safe to call from several threads; calls for one remote
 * run one at a time.
 *
 * <p>No method ever deletes or overwrites remote data on the strength of a failed or undecodable
 * read: such partitions are reported in the result and left as they are. Restores only read the
 * remote, never write to it: on a remote that nothing has been synced to yet they return an empty
 * report.
 */
public interface ChatSyncService {

    /**
     * The full, incremental backup and restore cycle with one remote: uploads the months changed
     * on this device, applies what other devices wrote to the months this device holds and to the
     * most recent months, and refreshes the manifests of all others.
     *
     * @param providerId the id of a configured remote's provider
     * @return what happened, including partitions that failed
     * @throws IllegalArgumentException if no remote with this id is configured
     */
    SyncReport syncMessages(String providerId);

    /** As {@link #syncMessages(String)}, reporting progress to a listener that may cancel. */
    SyncReport syncMessages(String providerId, SyncListener listener);

    /**
     * Fetches the month that holds a date (for infinite scrolling) from the default remote,
     * merges it into the local store, and holds it from now on.
     */
    RestoreReport restoreVaultForDate(LocalDate date);

    /**
     * Lazy loading of one conversation: reads the manifests (cached, revalidated by revision) and
     * fetches only the months that hold the conversation, from the default remote.
     */
    RestoreReport restoreConversation(String conversationUrn);
}
