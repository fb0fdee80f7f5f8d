package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.domain.ConversationSummary;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.SyncStateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the device remembers of each remote, in the tables {@code sync_state} and the cached
 * manifests ({@code cached_manifests}, {@code cached_conversations}, {@code cached_participants}):
 * the {@link SyncStateStore} port. A partition's state and its manifest are saved in one
 * transaction.
 */
final class SqliteSyncState implements SyncStateStore {
    private final Transactions tx;

    SqliteSyncState(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Map<PartitionKey, PartitionState> load(String remote) {
        return tx.snapshot(db -> {
            Map<PartitionKey, VaultManifest> manifests = manifests(db, remote);
            Map<PartitionKey, PartitionState> out = new TreeMap<>();
            try (PreparedStatement q = db.prepareStatement("SELECT partition, vault_revision, manifest_revision,"
                    + " generation, synced_version, held FROM sync_state WHERE remote = ?")) {
                q.setString(1, remote);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        PartitionKey key = PartitionKey.parse(rs.getString(1));
                        out.put(key, new PartitionState(revision(rs.getString(2)), revision(rs.getString(3)),
                                rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0, manifests.get(key)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void save(String remote, PartitionKey partition, PartitionState state) {
        // Lost to a power failure, a state only makes the next sync visit the partition again.
        tx.writeRepeatable(db -> {
            try (PreparedStatement u = db.prepareStatement("INSERT INTO sync_state (remote, partition, vault_revision,"
                    + " manifest_revision, generation, synced_version, held) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (remote, partition) DO UPDATE SET vault_revision = excluded.vault_revision,"
                    + " manifest_revision = excluded.manifest_revision, generation = excluded.generation,"
                    + " synced_version = excluded.synced_version, held = excluded.held")) {
                u.setString(1, remote);
                u.setString(2, partition.toString());
                u.setString(3, state.vaultRevision() == null ? null : state.vaultRevision().value());
                u.setString(4, state.manifestRevision() == null ? null : state.manifestRevision().value());
                u.setLong(5, state.generation());
                u.setLong(6, state.syncedLocalVersion());
                u.setInt(7, state.held() ? 1 : 0);
                u.executeUpdate();
            }
            try (PreparedStatement d = db.prepareStatement("DELETE FROM cached_manifests WHERE remote = ?"
                    + " AND partition = ?")) { // its conversations and participants go with it
                d.setString(1, remote);
                d.setString(2, partition.toString());
                d.executeUpdate();
            }
            if (state.manifest() != null) {
                writeManifest(db, remote, state.manifest());
            }
            return null;
        });
    }

    private static void writeManifest(Connection db, String remote, VaultManifest m) throws SQLException {
        String partition = m.partition().toString();
        try (PreparedStatement u = db.prepareStatement("INSERT INTO cached_manifests (remote, partition, generation,"
                + " vault_digest, message_count, tombstone_count) VALUES (?, ?, ?, ?, ?, ?)")) {
            u.setString(1, remote);
            u.setString(2, partition);
            u.setLong(3, m.generation());
            u.setString(4, m.vaultDigest());
            u.setInt(5, m.messageCount());
            u.setInt(6, m.tombstoneCount());
            u.executeUpdate();
        }
        try (PreparedStatement c = db.prepareStatement("INSERT INTO cached_conversations (remote, partition,"
                + " conversation, message_count, tombstone_count, first_sent_at, last_sent_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement p = db.prepareStatement("INSERT INTO cached_participants (remote, partition,"
                     + " conversation, participant) VALUES (?, ?, ?, ?)")) {
            for (ConversationSummary s : m.conversations()) {
                c.setString(1, remote);
                c.setString(2, partition);
                c.setString(3, s.conversation());
                c.setInt(4, s.messageCount());
                c.setInt(5, s.tombstoneCount());
                c.setString(6, s.firstSentAt().toString());
                c.setString(7, s.lastSentAt().toString());
                c.executeUpdate();
                for (String participant : s.participants()) {
                    p.setString(1, remote);
                    p.setString(2, partition);
                    p.setString(3, s.conversation());
                    p.setString(4, participant);
                    p.executeUpdate();
                }
            }
        }
    }

    /** Every cached manifest of a remote, by partition. */
    private static Map<PartitionKey, VaultManifest> manifests(Connection db, String remote) throws SQLException {
        Map<PartitionKey, Map<String, List<String>>> participants = new TreeMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT partition, conversation, participant"
                + " FROM cached_participants WHERE remote = ?")) {
            q.setString(1, remote);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    participants.computeIfAbsent(PartitionKey.parse(rs.getString(1)), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        Map<PartitionKey, List<ConversationSummary>> conversations = new TreeMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT partition, conversation, message_count,"
                + " tombstone_count, first_sent_at, last_sent_at FROM cached_conversations WHERE remote = ?")) {
            q.setString(1, remote);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    PartitionKey key = PartitionKey.parse(rs.getString(1));
                    String conversation = rs.getString(2);
                    conversations.computeIfAbsent(key, k -> new ArrayList<>()).add(new ConversationSummary(
                            conversation, rs.getInt(3), rs.getInt(4), StoredInstant.parse(rs.getString(5)),
                            StoredInstant.parse(rs.getString(6)), participants.getOrDefault(key, Map.of())
                            .getOrDefault(conversation, List.of())));
                }
            }
        }
        Map<PartitionKey, VaultManifest> out = new LinkedHashMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT partition, generation, vault_digest, message_count,"
                + " tombstone_count FROM cached_manifests WHERE remote = ?")) {
            q.setString(1, remote);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    PartitionKey key = PartitionKey.parse(rs.getString(1));
                    out.put(key, new VaultManifest(key, rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            conversations.getOrDefault(key, List.of())));
                }
            }
        }
        return out;
    }

    private static Revision revision(String value) {
        return value == null ? null : new Revision(value);
    }
}
