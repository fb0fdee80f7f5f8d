package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.crypto.SecretBytes;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.VaultManifest;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import io.tinywide.chatsync.core.port.out.FileFormatException.Problem;
import io.tinywide.chatsync.core.port.out.VaultFormat;

/** {@link VaultFormat} of one unwrapped vault key: canonical JSON inside {@link Envelope}s (version 2 written, 1 read too). */
final class EnvelopeVaultFormat implements VaultFormat {
    private static final String VAULT = "vault";
    private static final String MANIFEST = "manifest";

    private final SecretBytes key;
    private final Envelope.Keys keys;
    private final CodecOptions options;

    /** The format of one key, without a rotation. */
    EnvelopeVaultFormat(SecretBytes key, CodecOptions options) {
        this(key, null, java.util.List.of(), options);
    }

    /**
     * @param key      the current key, which seals
     * @param retiring the key a rotation in progress replaces, still read; null if none
     * @param retired  keys past rotations retired, whose files are refused
     */
    EnvelopeVaultFormat(SecretBytes key, SecretBytes retiring, java.util.List<String> retired, CodecOptions options) {
        this.key = key;
        this.keys = new Envelope.Keys(key, retiring, java.util.List.copyOf(retired));
        this.options = options;
    }

    @Override
    public long maxFileSize() {
        return options.maxFileSize();
    }

    @Override
    public String keyId() {
        return key.id();
    }

    @Override
    public String keyIdOf(String path, byte[] file) {
        return Envelope.keyIdOf(path, file, options);
    }

    @Override
    public SealedVault sealVault(ChatVault vault, long generation) {
        Envelope.Body body = Envelope.compress(g -> VaultColumns.write(g, vault));
        return new SealedVault(checkSize(vault.partition().vaultPath(), body,
                Envelope.seal(key, VAULT, vault.partition(), generation, body.compressed())), body.digest());
    }

    /**
     * Refuses to produce a file that readers with the same limits would refuse: failing here keeps
     * the remote readable by every device, and says what to do.
     */
    private byte[] checkSize(String path, Envelope.Body body, byte[] file) {
        if (file.length > options.maxFileSize() || body.plaintextLength() > options.maxPlaintextSize()) {
            throw new FileFormatException(path, Problem.TOO_LARGE, "would be " + file.length + " bytes ("
                    + body.plaintextLength() + " before compression), over the limits of " + options.maxFileSize()
                    + " and " + options.maxPlaintextSize() + "; nothing was written. Raise maxFileSize on every device");
        }
        return file;
    }

    @Override
    public OpenedVault openVault(String path, PartitionKey expected, byte[] file) {
        Envelope.Opened opened = Envelope.open(keys, path, VAULT, expected, file, options);
        ChatVault vault = CanonicalJson.decodeVault(path, expected, opened.body());
        return new OpenedVault(vault, opened.header().generation(), CanonicalJson.digest(opened.body()));
    }

    @Override
    public byte[] sealManifest(VaultManifest manifest) {
        Envelope.Body body = Envelope.compress(g -> CanonicalJson.writeManifest(g, manifest));
        return checkSize(manifest.partition().manifestPath(), body,
                Envelope.seal(key, MANIFEST, manifest.partition(), manifest.generation(), body.compressed()));
    }

    @Override
    public VaultManifest openManifest(String path, PartitionKey expected, byte[] file) {
        Envelope.Opened opened = Envelope.open(keys, path, MANIFEST, expected, file, options);
        VaultManifest manifest = CanonicalJson.decodeManifest(path, expected, opened.body());
        if (manifest.generation() != opened.header().generation()) {
            throw new FileFormatException(path, Problem.CORRUPT, "says generation " + opened.header().generation()
                    + " in its header and " + manifest.generation() + " in its body");
        }
        return manifest;
    }
}
