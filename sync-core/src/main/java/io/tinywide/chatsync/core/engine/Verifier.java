package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.PartitionKey.FileKind;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.in.RemoteVerifier;
import io.tinywide.chatsync.core.port.in.VerificationReport;
import io.tinywide.chatsync.core.port.in.VerificationReport.FileCheck;
import io.tinywide.chatsync.core.port.in.VerificationReport.Verdict;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import io.tinywide.chatsync.core.port.out.VaultFormat.OpenedVault;
import io.tinywide.chatsync.core.port.out.VaultKeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The check of a remote behind {@link RemoteVerifier}: list it, unlock its keyring as it is (never
 * creating one), open every vault and manifest, then hold each manifest against its vault with the
 * test the sync uses to repair a stale one ({@link VaultManifest#describes}). It only reads.
 *
 * <p>Build one with {@code io.tinywide.chatsync.core.ChatSync.builder()...buildVerifier()}.
 */
public final class Verifier implements RemoteVerifier {
    private final Remotes remotes;
    private final VaultKeys keys;

    /**
     * @param remotes the remotes by provider id
     * @param keys    unlocks the remote keyring
     */
    public Verifier(Map<String, CloudStorage> remotes, VaultKeys keys) {
        this.remotes = new Remotes(remotes);
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public VerificationReport verify(String providerId) {
        CloudStorage storage = remotes.require(providerId);
        List<RemoteEntry> listing = storage.list("");
        Optional<RemoteObject> keyring = storage.read(ChatVaultEngine.KEYRING_PATH, VaultKeys.MAX_KEYRING_BYTES);
        if (keyring.isEmpty()) {
            return withoutKeyring(storage.describe(), listing);
        }
        VaultFormat format = keys.unlock(storage.describe() + "/" + ChatVaultEngine.KEYRING_PATH,
                keyring.get().bytes());
        Checks checks = new Checks();
        SortedMap<PartitionKey, Opened> partitions = openEveryFile(storage, format, listing, checks);
        partitions.forEach((key, opened) -> holdManifestAgainstVault(key, opened, checks));
        return new VerificationReport(storage.describe(), true, checks.byPath());
    }

    /**
     * What was opened of one partition's files; a file that failed to open is already a bad check.
     * A storage without unique paths may hold several versions of a file, which the next sync that
     * visits the month merges: each is opened.
     */
    private static final class Opened {
        final List<OpenedVault> vaults = new ArrayList<>();
        boolean vaultListed;
        final List<VaultManifest> manifests = new ArrayList<>();
        boolean manifestListed;
    }

    /** The checks so far, one per path; a later finding about a path replaces the earlier one. */
    private static final class Checks {
        private final Map<String, FileCheck> byPath = new TreeMap<>();

        void add(String path, Verdict verdict, String detail) {
            byPath.put(path, new FileCheck(path, verdict, detail));
        }

        List<FileCheck> byPath() {
            return List.copyOf(byPath.values());
        }
    }

    private static SortedMap<PartitionKey, Opened> openEveryFile(CloudStorage storage, VaultFormat format,
                                                                 List<RemoteEntry> listing, Checks checks) {
        SortedMap<PartitionKey, Opened> partitions = new TreeMap<>();
        for (String path : new TreeSet<>(listing.stream().map(RemoteEntry::path).toList())) {
            Optional<PartitionKey.FileRef> ref = PartitionKey.parseFilePath(path);
            if (ref.isEmpty()) {
                if (!path.equals(ChatVaultEngine.KEYRING_PATH)) {
                    // A look-alike (chat_vault_2024_1.json, a copy renamed by a sync tool) holds
                    // nothing sync reads: say so, since someone may believe it is a backup.
                    checks.add(path, Verdict.IGNORED, "not a chatsync file name; sync ignores it");
                }
                continue;
            }
            PartitionKey key = ref.get().partition();
            Opened opened = partitions.computeIfAbsent(key, k -> new Opened());
            boolean vault = ref.get().kind() == FileKind.VAULT;
            if (vault) {
                opened.vaultListed = true;
            } else {
                opened.manifestListed = true;
            }
            try {
                List<RemoteObject> versions = storage.readVersions(path, format.maxFileSize());
                if (versions.isEmpty()) {
                    throw new StorageException(path + " was listed but is gone; run verify again");
                }
                String detail = null;
                for (RemoteObject version : versions) {
                    if (vault) {
                        OpenedVault v = format.openVault(path, key, version.bytes());
                        opened.vaults.add(v);
                        detail = "generation " + v.generation() + ", " + v.vault().messageCount() + " messages, "
                                + v.vault().tombstoneCount() + " deletions";
                    } else {
                        VaultManifest m = format.openManifest(path, key, version.bytes());
                        opened.manifests.add(m);
                        detail = "generation " + m.generation() + ", " + m.conversations().size() + " conversations";
                    }
                }
                checks.add(path, Verdict.OK, versions.size() == 1 ? detail : versions.size() + " versions, which a "
                        + "sync merges when it next visits this month; the newest: " + detail);
            } catch (FileFormatException e) {
                (vault ? opened.vaults : opened.manifests).clear(); // a bad file is judged as a whole
                checks.add(path, Verdict.BAD, e.getMessage() + "; restore it from a backup or another copy of the "
                        + "remote");
            } catch (StorageException e) {
                (vault ? opened.vaults : opened.manifests).clear();
                checks.add(path, Verdict.BAD, e.getMessage() + (e.isRetryable() ? "; run verify again later" : ""));
            }
        }
        return partitions;
    }

    private static void holdManifestAgainstVault(PartitionKey key, Opened opened, Checks checks) {
        String manifestPath = key.manifestPath();
        if (!opened.vaults.isEmpty()) {
            OpenedVault newest = opened.vaults.stream().max(Comparator.comparingLong(OpenedVault::generation))
                    .orElseThrow();
            boolean described = opened.manifests.stream().anyMatch(m -> opened.vaults.stream()
                    .anyMatch(v -> m.describes(v.generation(), v.digest())));
            if (!opened.manifestListed) {
                checks.add(manifestPath, Verdict.BAD, "is missing beside its vault (generation " + newest.generation()
                        + "); a sync writes it the next time it visits this month");
            } else if (!opened.manifests.isEmpty() && !described) {
                long manifestGeneration = opened.manifests.stream().mapToLong(VaultManifest::generation).max()
                        .orElseThrow();
                checks.add(manifestPath, Verdict.BAD, "does not describe its vault (generation " + manifestGeneration
                        + " vs " + newest.generation() + "); a sync rewrites it the next time it visits this month");
            }
        } else if (!opened.vaultListed && !opened.manifests.isEmpty()) {
            checks.add(manifestPath, Verdict.BAD, "describes " + key.vaultPath() + ", which is not there; restore "
                    + "the vault from a backup or another device");
        }
    }

    /**
     * A remote without its keyring: nothing synced yet if it holds no chatsync file; otherwise every
     * vault and manifest there is unreadable until the keyring is back.
     */
    private static VerificationReport withoutKeyring(String remote, List<RemoteEntry> listing) {
        Checks checks = new Checks();
        long partitionFiles = 0;
        for (RemoteEntry e : listing) {
            if (PartitionKey.parseFilePath(e.path()).isPresent()) {
                partitionFiles++;
            } else if (!e.path().equals(ChatVaultEngine.KEYRING_PATH)) {
                checks.add(e.path(), Verdict.IGNORED, "not a chatsync file name; sync ignores it");
            }
        }
        if (partitionFiles > 0) {
            checks.add(ChatVaultEngine.KEYRING_PATH, Verdict.BAD, "is missing, but " + partitionFiles + " vault and "
                    + "manifest files are there, and none of them can be read without it. Put keyring.json back "
                    + "from another copy of the remote or a backup");
        }
        return new VerificationReport(remote, false, checks.byPath());
    }
}
