package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.port.in.KeyManagement;
import io.tinywide.chatsync.core.port.in.KeyManagement.KeyringReport;
import io.tinywide.chatsync.core.port.in.KeyManagement.RotationReport;
import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.out.Keyring;
import io.tinywide.chatsync.core.port.out.RecoveryKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code key}: the remote's keys through the core's {@link KeyManagement}: see them, change the
 * passphrase, add or remove a recovery key, rotate the vault key, trust a keyring replaced on
 * purpose, and choose whether this device keeps its unlocked keys.
 */
@Command(name = "key", description = "Manage the remote's keys: list, passwd, add-recovery, remove, rotate, trust, keep.",
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Passwd.class, KeyCommand.AddRecovery.class,
                KeyCommand.Remove.class, KeyCommand.Rotate.class, KeyCommand.Trust.class, KeyCommand.Keep.class})
final class KeyCommand implements Runnable {
    @ParentCommand
    ChatsyncCli cli;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (list, passwd, "
                + "add-recovery, remove, rotate, trust or keep)");
    }

    /** One key subcommand: the device, the key management of its remote, and the command's streams. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Runs work on the key management of the device's remote; a refusal of the keyring is one line. */
        <T> T withKeys(Function<Device, T> work) {
            try (Device device = Device.withRemote(key.cli)) {
                return work.apply(device);
            } catch (IllegalStateException e) {
                throw new UserError(e.getMessage()); // the core says what is refused, and what to do instead
            }
        }
    }

    @Command(name = "list", description = "The key, the ways to unlock it, what this device pinned, a rotation in progress.")
    static final class ListKeys extends Sub {
        @Override
        public Integer call() {
            KeyringReport report = withKeys(d -> d.keyManagement().describe(d.providerId()));
            print(out(), report);
            return 0;
        }
    }

    static void print(PrintWriter out, KeyringReport r) {
        out.printf("keyring of %s (format %d)%n", r.remote(), r.formatVersion());
        row(out, "key", r.keyId() + r.created().map(c -> ", made " + c).orElse(""));
        for (Keyring.Method m : r.methods()) {
            row(out, m.kind().label(), m.kdf() + (m.created() == null ? "" : ", added " + m.created()));
        }
        row(out, "pinned", r.pinnedKeyId().map(p -> p + (p.equals(r.keyId()) ? " (this device uses this key)"
                : " (NOT the keyring's key: run `chatsync sync` to follow a rotation, or `chatsync key trust`)"))
                .orElse("none (this device has not unlocked this remote)"));
        r.rotation().ifPresent(p -> row(out, "rotation", "from " + p.fromKeyId() + " to " + p.toKeyId()
                + " in progress" + (p.files() < 0 ? "" : ": " + p.filesLeft() + " of " + p.files()
                + " files still sealed with the old key") + "; run `chatsync key rotate` to finish it"));
        out.flush();
    }

    /** One line of the listing, its values in one column whatever the label ("passphrase" is the longest). */
    private static void row(PrintWriter out, String label, String value) {
        out.printf("  %-10s  %s%n", label, value);
    }

    @Command(name = "passwd", description = "Change the passphrase (the vault key stays; no vault is rewritten).")
    static final class Passwd extends Sub {
        @Option(names = "--new-passphrase-file", paramLabel = "FILE",
                description = "file whose first line is the new passphrase (or set CHATSYNC_NEW_PASSPHRASE; "
                        + "otherwise it is asked twice on the terminal)")
        Path newPassphraseFile;

        @Override
        public Integer call() {
            KeyringReport report = withKeys(d -> {
                Passphrase next = d.newPassphrase(newPassphraseFile);
                next.check();
                return d.keyManagement().changePassphrase(d.providerId(), next);
            });
            out().printf("changed the passphrase of %s (key %s, %s); devices that unlocked it keep working, a new "
                    + "device needs the new passphrase%n", report.remote(), report.keyId(), report.methods().stream()
                    .filter(m -> m.kind() == Keyring.Method.Kind.PASSPHRASE).map(Keyring.Method::kdf).findFirst()
                    .orElse(""));
            out().flush();
            return 0;
        }
    }

    @Command(name = "add-recovery", description = "Add a recovery key (shown once), a second way to unlock the remote.")
    static final class AddRecovery extends Sub {
        @Override
        public Integer call() {
            RecoveryKey recovery = withKeys(d -> d.keyManagement().addRecoveryKey(d.providerId()));
            PrintWriter out = out();
            out.println("recovery key (shown once; write it down and keep it apart from this device):");
            out.println();
            String grouped = recovery.grouped();
            out.println("  " + grouped.substring(0, 39));
            out.println("  " + grouped.substring(40));
            out.println();
            out.println("It unlocks the remote without the passphrase: chatsync --recovery-key-file FILE ... (or "
                    + "CHATSYNC_RECOVERY_KEY). A recovery key added before no longer does.");
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a way to unlock the remote: passphrase or recovery (never the last).")
    static final class Remove extends Sub {
        @Parameters(paramLabel = "passphrase|recovery", description = "which way to remove")
        String what;

        @Override
        public Integer call() {
            Keyring.Method.Kind kind;
            try {
                kind = Keyring.Method.Kind.valueOf(what.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("key remove takes passphrase or recovery, not '" + what + "'");
            }
            KeyringReport report = withKeys(d -> d.keyManagement().removeUnlockMethod(d.providerId(), kind));
            out().printf("removed the %s of %s; it opens now with: %s%n", kind.label(), report.remote(),
                    report.methods().stream().map(m -> m.kind().label()).collect(Collectors.joining(", ")));
            out().flush();
            return 0;
        }
    }

    @Command(name = "rotate", description = "A new vault key: re-seal every month with it, then remove the old one. "
            + "Run it again to continue a rotation that stopped.")
    static final class Rotate extends Sub {
        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            SyncListener listener = key.cli.verbose ? Reports.progress(err) : SyncListener.NONE;
            RotationReport report = withKeys(d -> d.keyManagement().rotate(d.providerId(), listener));
            PrintWriter out = out();
            out.printf("%s: key %s replaces %s; %d months re-sealed by this run%n", report.remote(), report.toKeyId(),
                    report.fromKeyId(), report.resealed());
            for (Keyring.Method.Kind dropped : report.dropped()) {
                out.printf("the %s no longer opens the remote (its secret was not given): add %s%n", dropped.label(),
                        dropped == Keyring.Method.Kind.RECOVERY ? "a new one with `chatsync key add-recovery`"
                                : "one with `chatsync key passwd`");
            }
            if (report.finished()) {
                out.printf("rotation finished: the old key is removed from the keyring, and files sealed with it are "
                        + "refused; other devices follow on their next sync (asking for the passphrase once)%n");
                out.flush();
                return 0;
            }
            out.flush();
            err.printf("chatsync: the rotation is not finished (%s); nothing is lost: both keys still open the "
                    + "remote. Run `chatsync key rotate` again to continue%n", report.failures().isEmpty()
                    ? "stopped" : report.failures().stream().map(PartitionFailure::reason)
                    .collect(Collectors.joining("; ")));
            err.flush();
            return ChatsyncCli.FAILED;
        }
    }

    @Command(name = "trust", description = "Accept the remote's keyring as it is now (after it was replaced on purpose).")
    static final class Trust extends Sub {
        @Override
        public Integer call() {
            KeyringReport report = withKeys(d -> {
                java.util.Optional<String> before = d.store.kept(d.storage().describe())
                        .map(io.tinywide.chatsync.core.port.out.DeviceKeyStore.KeptKey::keyId);
                KeyringReport trusted = d.keyManagement().trust(d.providerId());
                out().printf("this device now uses key %s with %s%s%n", trusted.keyId(), trusted.remote(),
                        before.filter(b -> !b.equals(trusted.keyId())).map(b -> " (it used " + b + ")").orElse(""));
                return trusted;
            });
            out().flush();
            return report == null ? ChatsyncCli.FAILED : 0;
        }
    }

    @Command(name = "keep", description = "on: keep each remote's unlocked key in the store (the default); off: keep "
            + "only the pins and ask for the passphrase every time.")
    static final class Keep extends Sub {
        @Parameters(paramLabel = "on|off")
        String setting;

        @Override
        public Integer call() {
            boolean keep = switch (setting.toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new UserError("key keep takes on or off, not '" + setting + "'");
            };
            try (Device device = Device.open(key.cli)) {
                device.store.keepKeys(keep);
            }
            out().println(keep ? "this device keeps the unlocked keys of its remotes from now on (in " + key.cli.store
                    + ", readable by you only, beside the history it holds in clear)"
                    : "this device keeps no unlocked key from now on, and forgot those it kept; every command that "
                    + "needs a key asks for the passphrase. The pins stay: a replaced keyring is still refused");
            out().flush();
            return 0;
        }
    }
}
