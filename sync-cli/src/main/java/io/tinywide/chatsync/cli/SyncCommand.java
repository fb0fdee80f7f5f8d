package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code sync}: ChatSyncService.syncMessages with the remote; prints the report. */
@Command(name = "sync", description = "Back up this device's changes and fetch the others', incrementally.")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    ChatsyncCli cli;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Device device = Device.open(cli)) {
            SyncListener listener = cli.verbose ? Reports.progress(spec.commandLine().getErr()) : SyncListener.NONE;
            SyncReport report = device.service().syncMessages(device.providerId(), listener);
            Reports.print(spec.commandLine().getOut(), report);
            return report.isComplete() ? 0 : ChatsyncCli.FAILED;
        }
    }
}
