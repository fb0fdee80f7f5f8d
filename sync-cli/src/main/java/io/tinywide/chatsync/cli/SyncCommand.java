package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import picocli.CommandLine.Command;


/** {@code sync}: ChatSyncService.syncMessages with the remote; prints the report. */
@Command(name = "sync", description = "Back up this device's changes and fetch the others', incrementally.")
final class SyncCommand extends DeviceCommand {

    @Override
    public Integer call() {
        try (Device device = Device.withRemote(cli)) {
            SyncListener listener = cli.verbose ? Reports.progress(err()) : SyncListener.NONE;
            SyncReport report = device.service().syncMessages(device.providerId(), listener);
            Reports.print(out(), report);
            if (!report.failures().isEmpty()) {
                Reports.printFailed(err(), "sync", report.partitionsVisited() + report.failures().size(),
                        report.failures(), "nothing was lost (the other months synced; a failed month may be partly "
                                + "written, and the next sync finishes it); " + Reports.nextStep(report.failures()));
            }
            return report.isComplete() ? 0 : ChatsyncCli.FAILED;
        }
    }
}
