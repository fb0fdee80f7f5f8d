package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.MessageLines;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * {@code export}: the live messages as JSON Lines, sorted by (sentAt, id). Months are in time
 * order and each is sorted, so a month at a time is written: the next one is read from the store
 * while one is written out, so that both cores work, and no more than those two are in memory.
 */
@Command(name = "export", description = "Print this device's live messages as JSON Lines, by (sentAt, id).")
final class ExportCommand extends DeviceCommand {

    @Override
    public Integer call() {
        // The command's writer flushes at every line (a system call each); a history is written in
        // large blocks instead, and flushed once at the end.
        PrintWriter sink = out();
        PrintWriter out = new PrintWriter(new BufferedWriter(sink, 1 << 16), false) {
            @Override
            public boolean checkError() {
                return super.checkError() | sink.checkError(); // both: the one below swallows its own
            }
        };
        try (Device device = Device.openReadOnly(cli)) {
            write(device.store.partitionVersions().keySet(), month -> device.store.load(month).vault().messages(),
                    out);
        }
        out.flush();
        return 0;
    }

    /**
     * Writes the messages of {@code months}, in their order, each read by {@code load} on a second
     * thread one month ahead of the writing. What {@code load} fails with (an {@link Error} too) ends
     * the export here, as itself, after the months before it.
     */
    static void write(Collection<PartitionKey> months, Function<PartitionKey, List<ChatMessage>> load,
                      PrintWriter out) {
        MessageLines lines = ChatSync.messageLines();
        // Capacity 0 (Handoff: capacity + 2 alive): the reader hands a month over only when the
        // writer takes it, so at most two months are in memory, the one being written and the next.
        try (Handoff<List<ChatMessage>> reader = new Handoff<>("chatsync-export-reader", 0, sink -> {
            for (PartitionKey month : months) {
                List<ChatMessage> messages = load.apply(month);
                if (!messages.isEmpty()) {
                    sink.put(messages);
                }
            }
        })) {
            for (List<ChatMessage> month; (month = reader.take()) != null; ) {
                for (ChatMessage m : month) {
                    out.println(lines.encode(m));
                }
                // A PrintWriter never throws: ask once a month, so that a closed pipe or a full disk
                // stops the export instead of reading every month for nothing and ending with 0.
                if (out.checkError()) {
                    throw new UserError("writing the export failed: its output was closed, or its disk is full; "
                            + "the device store is unchanged");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while exporting");
        }
    }
}
