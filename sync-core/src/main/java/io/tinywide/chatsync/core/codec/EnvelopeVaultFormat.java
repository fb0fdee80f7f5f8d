package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.VaultFormat;

/** {@link VaultFormat} of one unwrapped vault key: canonical JSON inside {@link Envelope}s. */
final class EnvelopeVaultFormat implements VaultFormat {
    private static final String VAULT = "vault";
    private static final String MANIFEST = "manifest";

    private final SecretBytes key;
    private final CodecOptions options;

    EnvelopeVaultFormat(SecretBytes key, CodecOptions options) {
        this.key = key;
        this.options = options;
    }

    @Override
    public SealedVault sealVault(ChatVault vault, long generation) {
        byte[] body = CanonicalJson.encodeVault(vault);
        return new SealedVault(Envelope.seal(key, VAULT, vault.partition(), generation, body),
                CanonicalJson.digest(body));
    }

    @Override
    public OpenedVault openVault(String path, PartitionKey expected, byte[] file) {
        Envelope.Opened opened = Envelope.open(key, path, VAULT, expected, file, options);
        ChatVault vault = CanonicalJson.decodeVault(path, expected, opened.body());
        return new OpenedVault(vault, opened.header().generation(), CanonicalJson.digest(opened.body()));
    }

    @Override
    public byte[] sealManifest(VaultManifest manifest) {
        return Envelope.seal(key, MANIFEST, manifest.partition(), manifest.generation(),
                CanonicalJson.encodeManifest(manifest));
    }

    @Override
    public VaultManifest openManifest(String path, PartitionKey expected, byte[] file) {
        Envelope.Opened opened = Envelope.open(key, path, MANIFEST, expected, file, options);
        VaultManifest manifest = CanonicalJson.decodeManifest(path, expected, opened.body());
        if (manifest.generation() != opened.header().generation()) {
            throw new FileFormatException(path, Problem.CORRUPT, "says generation " + opened.header().generation()
                    + " in its header and " + manifest.generation() + " in its body");
        }
        return manifest;
    }
}
