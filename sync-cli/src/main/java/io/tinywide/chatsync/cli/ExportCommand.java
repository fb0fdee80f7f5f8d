package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.codec.CanonicalJson;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code export}: the live messages as JSON Lines, sorted by (sentAt, id). Months are in time
 * order and each is sorted, so one month at a time is in memory.
 */
@Command(name = "export", description = "Print this device's live messages as JSON Lines, by (sentAt, id).")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    ChatsyncCli cli;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Device device = Device.open(cli)) {
            for (PartitionKey month : device.store.partitionVersions().keySet()) {
                for (ChatMessage m : device.store.load(month).vault().messages()) {
                    out.println(CanonicalJson.encodeMessageLine(m));
                }
            }
        }
        out.flush();
        return 0;
    }
}
