package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.PartitionKey.FileKind;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.engine.ChatVaultEngine;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code verify}: decrypts and checks every remote file, and that each manifest describes its
 * vault. Reads the remote only, never the device's store (which need not exist); exits non-zero if
 * any file is bad.
 */
@Command(name = "verify", description = "Decrypt and check every remote file; non-zero exit if any is bad.")
final class VerifyCommand extends DeviceCommand {

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Device device = Device.remoteOnly(cli)) {
            CloudStorage storage = device.storage();
            RemoteObject keyring = storage.read(ChatVaultEngine.KEYRING_PATH).orElseThrow(() -> new UserError(
                    "no keyring at " + storage.describe() + "/" + ChatVaultEngine.KEYRING_PATH
                            + "; nothing has been synced to this remote yet"));
            VaultFormat format = device.keys().unlock(storage.describe() + "/" + ChatVaultEngine.KEYRING_PATH,
                    keyring.bytes());
            List<RemoteEntry> entries = storage.list("");
            entries.sort(Comparator.comparing(RemoteEntry::path));
            int bad = 0;
            int good = 0;
            int checked = 0;
            java.util.Set<String> badFiles = new java.util.TreeSet<>();
            Map<PartitionKey, VaultFormat.OpenedVault> vaults = new HashMap<>();
            Map<PartitionKey, VaultManifest> manifests = new HashMap<>();
            for (RemoteEntry e : entries) {
                Optional<PartitionKey.FileRef> ref = PartitionKey.parseFilePath(e.path());
                if (ref.isEmpty()) {
                    if (!e.path().equals(ChatVaultEngine.KEYRING_PATH)) {
                        // A look-alike (chat_vault_2024_1.json, a copy renamed by a sync tool) holds
                        // nothing sync will read: say so, since someone may believe it is a backup.
                        out.printf("skip %s  not a chatsync file name; sync ignores it%n", e.path());
                    }
                    continue;
                }
                PartitionKey key = ref.get().partition();
                checked++;
                try {
                    byte[] bytes = storage.read(e.path()).orElseThrow(() -> new StorageException(e.path()
                            + " was listed but is gone; run verify again")).bytes();
                    if (ref.get().kind() == FileKind.VAULT) {
                        VaultFormat.OpenedVault v = format.openVault(e.path(), key, bytes);
                        vaults.put(key, v);
                        out.printf("ok   %s  generation %d, %d messages, %d deletions%n", e.path(), v.generation(),
                                v.vault().messageCount(), v.vault().tombstoneCount());
                    } else {
                        VaultManifest m = format.openManifest(e.path(), key, bytes);
                        manifests.put(key, m);
                        out.printf("ok   %s  generation %d, %d conversations%n", e.path(), m.generation(),
                                m.conversations().size());
                    }
                    good++;
                } catch (FileFormatException | StorageException ex) {
                    out.printf("BAD  %s  %s%n", e.path(), ex.getMessage());
                    badFiles.add(e.path());
                    bad++;
                }
            }
            for (var v : vaults.entrySet()) {
                VaultManifest m = manifests.get(v.getKey());
                if (m == null || m.generation() != v.getValue().generation()
                        || !m.vaultDigest().equals(v.getValue().digest())) {
                    out.printf("BAD  %s  does not describe its vault (generation %s vs %d); the next sync repairs it%n",
                            v.getKey().manifestPath(), m == null ? "missing" : String.valueOf(m.generation()),
                            v.getValue().generation());
                    badFiles.add(v.getKey().manifestPath());
                    bad++;
                }
            }
            for (PartitionKey key : manifests.keySet()) {
                if (!vaults.containsKey(key) && !badFiles.contains(key.vaultPath())) {
                    out.printf("BAD  %s  describes %s, which is not there; restore the vault from a backup or "
                            + "another device%n", key.manifestPath(), key.vaultPath());
                    badFiles.add(key.manifestPath());
                    bad++;
                }
            }
            out.printf("%d files ok, %d bad, on %s%n", good, bad, storage.describe());
            out.flush();
            // A manifest that should be there and is not counts among the files, as a bad one.
            java.util.Set<String> listed = entries.stream().map(RemoteEntry::path)
                    .collect(java.util.stream.Collectors.toSet());
            long missing = badFiles.stream().filter(path -> !listed.contains(path)).count();
            if (!badFiles.isEmpty()) {
                // stdout has a line per file; stderr gets the one line a script or a quick reader sees.
                err().printf("chatsync: %d of %d files on %s are bad: %s; nothing was changed; the BAD lines say why:"
                        + " the next sync rewrites a bad manifest, a bad vault must be restored from a backup or"
                        + " another device%n", badFiles.size(), checked + missing, storage.describe(),
                        String.join(", ", badFiles));
                err().flush();
            }
            return bad == 0 ? 0 : ChatsyncCli.FAILED;
        }
    }
}
