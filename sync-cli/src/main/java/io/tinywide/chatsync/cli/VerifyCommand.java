package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.port.in.VerificationReport;
import io.tinywide.chatsync.core.port.in.VerificationReport.FileCheck;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/**
 * {@code verify}: the core's {@link io.tinywide.chatsync.core.port.in.RemoteVerifier} on the
 * remote, one line per file. Reads the remote only, never the device's store (which need not
 * exist); exits non-zero if any file is bad.
 */
@Command(name = "verify", description = "Decrypt and check every remote file; non-zero exit if any is bad.")
final class VerifyCommand extends DeviceCommand {

    @Override
    public Integer call() {
        VerificationReport report;
        try (Device device = Device.remoteOnly(cli)) {
            report = device.verifier().verify(device.providerId());
        }
        if (!report.keyringFound() && report.isClean()) {
            throw new UserError("no keyring at " + report.remote() + "/keyring.json; nothing has been synced to this "
                    + "remote yet");
        }
        PrintWriter out = out();
        for (FileCheck f : report.files()) {
            String label = switch (f.verdict()) {
                case OK -> "ok";
                case BAD -> "BAD";
                case IGNORED -> "skip";
            };
            out.printf("%-4s %s  %s%n", label, f.path(), f.detail());
        }
        out.printf("%d files ok, %d bad, on %s%n", report.okCount(), report.bad().size(), report.remote());
        out.flush();
        if (!report.isClean()) {
            // stdout has a line per file; stderr gets the one line a script or a quick reader sees.
            err().printf("chatsync: %d of %d files on %s are bad: %s; nothing was changed; each BAD line says what to "
                    + "do: restore a bad file from a backup or another device, and let a sync rewrite a manifest that "
                    + "does not describe its vault%n", report.bad().size(), report.checkedCount(), report.remote(),
                    report.bad().stream().map(FileCheck::path).collect(Collectors.joining(", ")));
            err().flush();
        }
        return report.isClean() ? 0 : ChatsyncCli.FAILED;
    }
}
