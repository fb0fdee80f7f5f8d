package io.tinywide.chatsync.cli.store;

import io.tinywide.chatsync.core.port.out.DeviceKeyStore;
import io.tinywide.chatsync.core.port.out.Revision;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * What the device keeps of each remote's key, in the table {@code device_keys}: the
 * {@link DeviceKeyStore} port. The unlocked vault key sits beside the history the file already
 * holds in clear; a device that opted out ({@code chatsync key keep off}, the setting
 * {@code keep_keys} in {@code device}) keeps the pin alone.
 */
final class SqliteDeviceKeys implements DeviceKeyStore {
    private static final String KEEP_KEYS = "keep_keys";

    private final Transactions tx;

    SqliteDeviceKeys(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<KeptKey> kept(String remote) {
        return tx.read(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT key_id, verifier, keyring_revision, keyring,"
                    + " vault_key FROM device_keys WHERE remote = ?")) {
                q.setString(1, remote);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String revision = rs.getString(3);
                    return Optional.of(new KeptKey(rs.getString(1), rs.getBytes(2),
                            revision == null ? null : new Revision(revision), rs.getBytes(4), rs.getBytes(5)));
                }
            }
        });
    }

    @Override
    public void keep(String remote, KeptKey kept) {
        tx.write(db -> {
            KeptKey row = keepsKeys(db) ? kept : kept.withoutKey();
            try (PreparedStatement u = db.prepareStatement("INSERT INTO device_keys (remote, key_id, verifier,"
                    + " keyring_revision, keyring, vault_key) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (remote) DO UPDATE"
                    + " SET key_id = excluded.key_id, verifier = excluded.verifier,"
                    + " keyring_revision = excluded.keyring_revision, keyring = excluded.keyring,"
                    + " vault_key = excluded.vault_key")) {
                u.setString(1, remote);
                u.setString(2, row.keyId());
                u.setBytes(3, row.verifier());
                u.setString(4, row.keyringRevision() == null ? null : row.keyringRevision().value());
                u.setBytes(5, row.keyring());
                u.setBytes(6, row.vaultKey());
                u.executeUpdate();
            }
            return null;
        });
    }

    boolean keepsKeys() {
        return tx.read(SqliteDeviceKeys::keepsKeys);
    }

    private static boolean keepsKeys(java.sql.Connection db) throws java.sql.SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM device WHERE key = ?")) {
            q.setString(1, KEEP_KEYS);
            try (ResultSet rs = q.executeQuery()) {
                return !rs.next() || !"no".equals(rs.getString(1));
            }
        }
    }

    /** Turns keeping unlocked keys on or off; off also forgets every key kept (the pins stay). */
    void keepKeys(boolean keep) {
        tx.write(db -> {
            try (PreparedStatement u = db.prepareStatement("INSERT INTO device (key, value) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                u.setString(1, KEEP_KEYS);
                u.setString(2, keep ? "yes" : "no");
                u.executeUpdate();
            }
            if (!keep) {
                try (PreparedStatement d = db.prepareStatement("UPDATE device_keys SET vault_key = NULL")) {
                    d.executeUpdate();
                }
            }
            return null;
        });
    }
}
