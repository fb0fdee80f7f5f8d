package io.tinywide.chatsync.examples.guice;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The messenger's own configuration, as it would read it from its settings file or command line.
 * The backup remote is a URI ({@code file:/mnt/nas/chats}, {@code s3://bucket/chats?region=eu-west-1},
 * ...): which provider opens it is decided by the jars the deployment ships, not by this code.
 *
 * @param backupRemote   where the history is backed up, as a remote URI without credentials
 * @param passphraseFile a file whose first line is the user's chatsync passphrase
 */
public record MessengerConfig(String backupRemote, Path passphraseFile) {

    public MessengerConfig {
        Objects.requireNonNull(backupRemote, "backupRemote");
        Objects.requireNonNull(passphraseFile, "passphraseFile");
    }

    /** {@code --remote URI --passphrase-file FILE}, in any order. */
    public static MessengerConfig fromArgs(String... args) {
        String remote = null;
        Path passphrase = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--remote" -> remote = args[i + 1];
                case "--passphrase-file" -> passphrase = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (remote == null || passphrase == null || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: --remote URI --passphrase-file FILE");
        }
        return new MessengerConfig(remote, passphrase);
    }
}
