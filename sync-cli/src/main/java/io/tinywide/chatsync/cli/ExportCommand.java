package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.MessageLines;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@code export}: the live messages as JSON Lines, sorted by (sentAt, id). Months are in time
 * order and each is sorted, so a month at a time is in memory: one is read from the store while the
 * one before it is written out, so that both cores work.
 */
@Command(name = "export", description = "Print this device's live messages as JSON Lines, by (sentAt, id).")
final class ExportCommand extends DeviceCommand {

    @Override
    public Integer call() {
        // The command's writer flushes at every line (a system call each); a history is written in
        // large blocks instead, and flushed once at the end.
        PrintWriter out = new PrintWriter(new BufferedWriter(out(), 1 << 16), false);
        MessageLines lines = ChatSync.messageLines();
        try (Device device = Device.openReadOnly(cli)) {
            Months months = new Months(device.store);
            Thread reader = new Thread(months, "chatsync-export-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                for (List<ChatMessage> month = months.take(); !month.isEmpty(); month = months.take()) {
                    for (ChatMessage m : month) {
                        out.println(lines.encode(m));
                    }
                }
            } finally {
                reader.interrupt();
            }
        }
        out.flush();
        return 0;
    }

    /** Reads the months in time order on its own thread, one ahead of the writer; an empty one ends them. */
    private static final class Months implements Runnable {
        private final SqliteDeviceStore store;
        private final BlockingQueue<Optional<List<ChatMessage>>> ready = new ArrayBlockingQueue<>(1);
        private volatile RuntimeException failure;

        Months(SqliteDeviceStore store) {
            this.store = store;
        }

        @Override
        public void run() {
            try {
                for (PartitionKey month : store.partitionVersions().keySet()) {
                    List<ChatMessage> messages = store.load(month).vault().messages();
                    if (!messages.isEmpty()) {
                        ready.put(Optional.of(messages));
                    }
                }
            } catch (InterruptedException e) {
                return; // the writer stopped
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                ready.put(Optional.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<ChatMessage> take() {
            try {
                Optional<List<ChatMessage>> next = ready.take();
                if (next.isEmpty() && failure != null) {
                    throw failure;
                }
                return next.orElse(List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted while exporting");
            }
        }
    }
}
