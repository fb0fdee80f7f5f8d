package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.cli.store.MessageImport;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.MessageIdentity;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * {@code import FILE}: adds or updates messages from JSON Lines, streamed: each line is checked (its
 * JSON, its id against earlier lines and against the store) and written as it is read, all in one
 * transaction, so memory stays that of one line whatever the size of the file, and one bad line
 * rejects the file and nothing is imported. Errors of the file itself (JSON, a repeated id) are named
 * at the first such line; a line that contradicts the store is named after the whole file was read,
 * the first in the file, as before the file was streamed.
 */
@Command(name = "import", description = "Add or update messages from JSON Lines (FILE, or - for stdin).")
final class ImportCommand extends DeviceCommand {
    @Parameters(paramLabel = "FILE", description = "JSON Lines, one message per line; - reads stdin")
    String file;

    /** One message of the file and where it is, for the error that names its line. */
    record Line(String where, int number, ChatMessage message) { }

    /** What one import did. */
    private static final class Counts {
        int lines;
        int added;
        int edited;
        int unchanged;
        int deleted;
        /** The first line that contradicts the store, and why; reported once the file has been read. */
        String conflict;
    }

    @Override
    public Integer call() throws IOException {
        String name = file.equals("-") ? "stdin" : file;
        Counts counts;
        try (LineReader reader = new LineReader(open(), name); Device device = Device.open(cli)) {
            HybridClock clock = new HybridClock(Clock.systemUTC(), device.store.deviceId());
            counts = device.store.importMessages(batch -> {
                Counts c = new Counts();
                read(reader, name, batch, clock, c);
                if (c.conflict != null) {
                    throw new UserError(c.conflict + "; nothing was imported"); // rolls the whole file back
                }
                return c;
            });
        } catch (VaultDataException e) {
            throw new UserError(e.getMessage() + "; nothing was imported");
        }
        out().printf("imported %d messages: %d new, %d edited, %d unchanged, %d already "
                + "deleted%n", counts.lines, counts.added, counts.edited, counts.unchanged, counts.deleted);
        return 0;
    }

    /** The input, opened before the store, so that a missing file leaves no store behind. */
    private InputStream open() {
        if (file.equals("-")) {
            return System.in;
        }
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UserError("no file " + Device.absolute(Path.of(file)) + "; nothing was imported");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage() + "; nothing was imported");
        }
    }

    /**
     * Writes the lines as another thread reads and decodes them: parsing JSON and writing SQLite
     * each take about half the time of an import, so both cores work.
     */
    private static void read(LineReader reader, String name, MessageImport batch, HybridClock clock, Counts c) {
        Decoder decoder = new Decoder(reader, name);
        Thread thread = new Thread(decoder, "chatsync-import-reader");
        thread.setDaemon(true);
        thread.start();
        try {
            for (List<Decoded> chunk = decoder.take(); !chunk.isEmpty(); chunk = decoder.take()) {
                for (Decoded line : chunk) {
                    if (line.problem() != null) {
                        throw line.problem();
                    }
                    c.lines++;
                    if (batch.addIfNew(line.message(), line.number())) {
                        c.added++;
                    } else {
                        meetStored(batch, line.where(), line.number(), line.message(), clock, c);
                    }
                }
            }
        } finally {
            thread.interrupt(); // on a failure here, the reader must not wait for room for ever
        }
    }

    /**
     * Decodes a JSON Lines input one line at a time, in order, skipping blank lines, and hands each
     * message to {@code each} with where it is.
     *
     * @throws UserError naming {@code name} and the line that is not a message (or not UTF-8, or too long)
     */
    static void decode(LineReader reader, String name, Consumer<Line> each) throws IOException {
        MessageLines format = ChatSync.messageLines();
        for (String text; (text = reader.next()) != null; ) {
            int number = reader.number();
            if (text.isBlank()) {
                continue;
            }
            String where = name + " line " + number;
            try {
                each.accept(new Line(where, number, format.decode(where, text)));
            } catch (FileFormatException e) {
                throw new UserError(e.getMessage() + "; nothing was imported");
            }
        }
    }

    /**
     * One line of the input, decoded; or what is wrong with it, which ends the input.
     *
     * @param number  its number in the file, from 1
     * @param where   how messages name it
     */
    private record Decoded(int number, String where, ChatMessage message, RuntimeException problem) { }

    /** Reads and decodes the input on its own thread, handing lines over in order, a chunk at a time. */
    private static final class Decoder implements Runnable {
        private static final int CHUNK = 512;
        private final LineReader reader;
        private final String name;
        private final BlockingQueue<List<Decoded>> chunks = new ArrayBlockingQueue<>(8);

        Decoder(LineReader reader, String name) {
            this.reader = reader;
            this.name = name;
        }

        @Override
        public void run() {
            List<Decoded> chunk = new ArrayList<>(CHUNK);
            try {
                decode(reader, name, line -> {
                    chunk.add(new Decoded(line.number(), line.where(), line.message(), null));
                    if (chunk.size() == CHUNK) {
                        hand(List.copyOf(chunk));
                        chunk.clear();
                    }
                });
            } catch (UserError e) {
                chunk.add(new Decoded(0, name, null, e));
            } catch (IOException e) {
                chunk.add(new Decoded(0, name, null, new UserError("cannot read " + name + ": " + e.getMessage()
                        + "; nothing was imported")));
            } catch (Stopped e) {
                return; // the import failed and stopped listening
            } catch (RuntimeException e) {
                chunk.add(new Decoded(0, name, null, e));
            }
            try {
                if (!chunk.isEmpty()) {
                    hand(chunk);
                }
                hand(List.of()); // the end
            } catch (Stopped e) {
                Thread.currentThread().interrupt();
            }
        }

        private void hand(List<Decoded> lines) {
            try {
                chunks.put(lines);
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }

        /** The writing side went away while this side waited for room. */
        private static final class Stopped extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }

        /** The next chunk of lines in input order; empty at the end. */
        List<Decoded> take() {
            try {
                return chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted while reading " + name + "; nothing was imported");
            }
        }
    }

    /** A line whose id the store holds already: a repeat of an earlier line, an edit, the same, or a deleted one. */
    private static void meetStored(MessageImport batch, String where, int number, ChatMessage m, HybridClock clock,
                                   Counts c) {
        MessageImport.Held held = batch.held(m.id());
        if (held.line() > 0) {
            throw new UserError(where + ": message id '" + m.id() + "' already appears on line " + held.line()
                    + "; nothing was imported");
        }
        // Not in its own month, a stored id is in another one: its sentAt differs.
        String problem = held.tombstone().map(t -> deletedAs(t, m))
                .orElseGet(() -> held.message().map(e -> storedAs(e, m)).orElse(null));
        if (problem != null) {
            if (c.conflict == null) {
                c.conflict = where + ": " + problem;
            }
            batch.note(m.id(), number);
        } else if (held.tombstone().isPresent()) {
            c.deleted++;
            batch.note(m.id(), number);
        } else if (held.message().orElseThrow().sameContent(m)) {
            c.unchanged++;
            batch.note(m.id(), number);
        } else {
            // A line without a version is an edit made now, on this device; it must win over
            // everything this device has seen of the message.
            clock.observe(held.message().get().version());
            batch.save(m.version().equals(EditVersion.INITIAL) ? m.withVersion(clock.next()) : m, number);
            c.edited++;
        }
    }

    /** Why a line may not join a stored message with its id, or null if it may (an edit or the same). */
    private static String storedAs(ChatMessage stored, ChatMessage m) {
        return MessageIdentity.conflict(stored, m).map(conflict -> "message " + m.id() + " is already stored "
                + switch (conflict.field()) {
                    case SENT_AT -> "in " + stored.partition() + " with another sentAt (" + stored.sentAt() + ", not "
                            + m.sentAt() + ")";
                    case CONVERSATION -> "in conversation " + stored.conversation() + ", not " + m.conversation();
                    case SENDER -> "with sender " + stored.sender() + ", not " + m.sender();
                } + "; an id names one message for ever: correct the line, or give the new message another id")
                .orElse(null);
    }

    /** Why a line may not name a deleted message, or null if it is that message (and stays deleted). */
    private static String deletedAs(Tombstone t, ChatMessage m) {
        return MessageIdentity.conflict(t, m).map(conflict -> "message " + m.id() + " was deleted on this device "
                + "(conversation " + t.conversation() + ", sentAt " + t.sentAt() + "); a deleted id cannot come back "
                + "as another message: give it another id").orElse(null);
    }
}
