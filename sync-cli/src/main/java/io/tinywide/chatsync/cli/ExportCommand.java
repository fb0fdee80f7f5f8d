package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.MessageLines;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code export}: the live messages as JSON Lines, sorted by (sentAt, id). Months are in time
 * order and each is sorted, so one month at a time is in memory.
 */
@Command(name = "export", description = "Print this device's live messages as JSON Lines, by (sentAt, id).")
final class ExportCommand extends DeviceCommand {

    @Override
    public Integer call() {
        PrintWriter out = out();
        MessageLines lines = ChatSync.messageLines();
        try (Device device = Device.openReadOnly(cli)) {
            for (PartitionKey month : device.store.partitionVersions().keySet()) {
                for (ChatMessage m : device.store.load(month).vault().messages()) {
                    out.println(lines.encode(m));
                }
            }
        }
        out.flush();
        return 0;
    }
}
