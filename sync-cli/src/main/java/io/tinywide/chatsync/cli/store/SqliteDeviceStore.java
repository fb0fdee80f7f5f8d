package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDelta;
import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One device's message store and sync state in one SQLite file: both store ports over one
 * connection, so a partition's data and what the device remembers of it never drift apart.
 *
 * <p>Every change runs in one transaction (WAL journal, {@code synchronous=FULL}), so a crash
 * leaves the file as it was before or after the change. The schema carries a version
 * ({@code PRAGMA user_version}) and migrates forward on open; a file from a newer chatsync is refused
 * rather than damaged, and so is any SQLite file that does not carry chatsync's
 * {@code PRAGMA application_id}: it is left exactly as it was. Calls are serialised on the one
 * connection, which makes the store safe for the engine's worker threads. Two processes may share
 * the file: each write transaction takes SQLite's write lock as it begins and waits for the other's
 * to finish, up to a timeout.
 *
 * <p>Its rooms: {@link DeviceFile} opens, recognises and migrates the file ({@link Schema});
 * {@link SqliteMessages} is the message store, {@link SqliteSyncState} the sync state,
 * {@link SqliteDeviceKeys} the remotes' pinned and kept keys, and {@link Transactions} how they all
 * run their work.
 */
public final class SqliteDeviceStore implements LocalMessageStore, SyncStateStore, DeviceKeyStore, AutoCloseable {
    /**
     * How long a write waits for another process's write transaction on the same file (another
     * chatsync, or a second command run meanwhile) before it gives up with a clear message.
     */
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final DeviceFile opened;
    private final SqliteMessages messages;
    private final SqliteSyncState state;
    private final SqliteDeviceKeys keys;

    private SqliteDeviceStore(Path file, DeviceFile opened) {
        this.file = file;
        this.opened = opened;
        this.messages = new SqliteMessages(opened.transactions());
        this.state = new SqliteSyncState(opened.transactions());
        this.keys = new SqliteDeviceKeys(opened.transactions());
    }

    /**
     * Opens (creating if absent) a device store.
     *
     * @throws DeviceStoreException if the file is not a chatsync store, is from a newer chatsync,
     *                              or cannot be opened
     */
    public static SqliteDeviceStore open(Path file) {
        return open(file, DeviceFile.Access.CREATE, BUSY_TIMEOUT);
    }

    /**
     * Opens a device store that must already exist, for work that only makes sense on one (reading
     * it, deleting from it); creates neither the file nor its folders.
     *
     * @throws DeviceStoreException if there is no file, or as {@link #open(Path)}
     */
    public static SqliteDeviceStore openExisting(Path file) {
        return open(file, DeviceFile.Access.EXISTING, BUSY_TIMEOUT);
    }

    /**
     * Opens a device store that must already exist for reading only: nothing is written to the file
     * or beside it, so a store on a read-only mount (a backup disk, a snapshot) can still be exported.
     * Every change through it fails.
     *
     * @throws DeviceStoreException if there is no file, if it needs a schema upgrade (which would
     *                              write), or as {@link #open(Path)}
     */
    public static SqliteDeviceStore openReadOnly(Path file) {
        return open(file, DeviceFile.Access.READ_ONLY, BUSY_TIMEOUT);
    }

    /** {@link #open(Path)} with another busy timeout, for tests. */
    static SqliteDeviceStore open(Path file, Duration busyTimeout) {
        return open(file, DeviceFile.Access.CREATE, busyTimeout);
    }

    private static SqliteDeviceStore open(Path file, DeviceFile.Access access, Duration busyTimeout) {
        Path absolute = file.toAbsolutePath().normalize();
        return new SqliteDeviceStore(absolute, DeviceFile.open(absolute, access, busyTimeout));
    }

    /**
     * A warning for the user when the file can be read by other users of this machine (a store made
     * by an older chatsync under the usual umask was 0644); empty when it is private.
     */
    public Optional<String> exposureWarning() {
        return DeviceFile.exposure(file);
    }

    /** This device's id, random on first open, stable afterwards; it stamps this device's edits. */
    public String deviceId() {
        return opened.deviceId();
    }

    /** The SQLite file. */
    public Path file() {
        return file;
    }

    // ---- LocalMessageStore ----

    @Override
    public void save(ChatMessage message) {
        messages.save(message);
    }

    /**
     * Records many new or edited messages in one transaction, with the rules of {@link #save}:
     * an import of thousands of messages costs one commit, not thousands.
     */
    public void saveAll(Collection<ChatMessage> batch) {
        messages.saveAll(batch);
    }

    /**
     * Runs an import in one write transaction: {@code work} gives it messages one input line at a
     * time, with the rules of {@link #save}; when {@code work} returns, everything lands, and if it
     * throws, nothing does. Memory stays that of the messages {@code work} holds at once, whatever the
     * size of the input (the store holds nothing of it: what it needs later is in the database); the
     * write lock is held throughout, so other processes' writes wait (up to the busy timeout).
     */
    public <T> T importMessages(java.util.function.Function<MessageImport, T> work) {
        return messages.importMessages(work);
    }

    @Override
    public void delete(Tombstone tombstone) {
        messages.delete(tombstone);
    }

    @Override
    public Applied apply(VaultDelta delta) {
        return messages.apply(delta);
    }

    /**
     * The deletion this device holds for a message id, whichever month it is in. Not part of
     * {@link LocalMessageStore}: the command line needs it to name the import line or the delete
     * that meets an earlier deletion, without reading every month.
     */
    public Optional<Tombstone> tombstone(String id) {
        return messages.tombstone(id);
    }

    @Override
    public Optional<ChatMessage> message(String id) {
        return messages.message(id);
    }

    @Override
    public List<ChatMessage> conversation(String conversationUrn) {
        return messages.conversation(conversationUrn);
    }

    @Override
    public SortedMap<PartitionKey, Long> partitionVersions() {
        return messages.partitionVersions();
    }

    @Override
    public LocalPartition load(PartitionKey partition) {
        return messages.load(partition);
    }

    // ---- SyncStateStore ----

    @Override
    public Map<PartitionKey, PartitionState> load(String remote) {
        return state.load(remote);
    }

    @Override
    public void save(String remote, PartitionKey partition, PartitionState partitionState) {
        state.save(remote, partition, partitionState);
    }

    // ---- DeviceKeyStore ----

    @Override
    public Optional<KeptKey> kept(String remote) {
        return keys.kept(remote);
    }

    @Override
    public void keep(String remote, KeptKey key) {
        keys.keep(remote, key);
    }

    /** Whether this device keeps the unlocked keys of its remotes (the default), or their pins alone. */
    public boolean keepsKeys() {
        return keys.keepsKeys();
    }

    /** Keeps unlocked keys from now on, or stops and forgets those kept; the pins stay either way. */
    public void keepKeys(boolean keep) {
        keys.keepKeys(keep);
    }

    @Override
    public void close() {
        opened.transactions().close();
    }
}
