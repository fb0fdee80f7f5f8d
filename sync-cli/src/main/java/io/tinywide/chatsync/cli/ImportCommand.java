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
import java.util.function.Consumer;

/**
 * {@code import FILE}: adds or updates messages from JSON Lines, streamed: each line is checked (its
 * JSON, its id against earlier lines and against the store) and written as it is read, all in one
 * transaction, so memory stays a few MiB (the lines in flight between the thread that decodes and the
 * one that writes, at most some 6 MiB of text, see {@link #decoder}) whatever the size of the file, and
 * one bad line rejects the file and nothing is imported. Errors of the file itself (JSON, a repeated id) are named
 * at the first such line; a line that contradicts the store is named after the whole file was read,
 * the first in the file, as before the file was streamed.
 */
@Command(name = "import", description = "Add or update messages from JSON Lines (FILE, or - for stdin).")
final class ImportCommand extends DeviceCommand {
    @Parameters(paramLabel = "FILE", description = "JSON Lines, one message per line; - reads stdin")
    String file;

    /**
     * One message of the file and where it is, for the error that names its line.
     *
     * @param chars the length of the line's text, which its message holds about as much of
     */
    record Line(String where, int number, ChatMessage message, int chars) { }

    /** What one import did. */
    static final class Counts {
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
        read(reader, name, ChatSync.messageLines()::decode, batch, clock, c);
    }

    /** {@link #read(LineReader, String, MessageImport, HybridClock, Counts)} with another decoding of a line. */
    static void read(LineReader reader, String name, LineDecoder format, MessageImport batch, HybridClock clock,
                     Counts c) {
        try (Handoff<List<Line>> decoder = decoder(reader, name, format)) {
            for (List<Line> chunk; (chunk = decoder.take()) != null; ) {
                for (Line line : chunk) {
                    c.lines++;
                    if (batch.addIfNew(line.message(), line.number())) {
                        c.added++;
                    } else {
                        meetStored(batch, line.where(), line.number(), line.message(), clock, c);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while reading " + name + "; nothing was imported");
        }
    }

    /** Decodes the text of one line; {@code where} names the line in its errors. */
    @FunctionalInterface
    interface LineDecoder {
        ChatMessage decode(String where, String text);
    }

    /**
     * Decodes a JSON Lines input one line at a time, in order, skipping blank lines, and hands each
     * message to {@code each} with where it is.
     *
     * @throws UserError naming {@code name} and the line that is not a message (or not UTF-8, or too long)
     */
    static void decode(LineReader reader, String name, Consumer<Line> each) throws IOException {
        decode(reader, name, ChatSync.messageLines()::decode, each);
    }

    private static void decode(LineReader reader, String name, LineDecoder format, Consumer<Line> each)
            throws IOException {
        for (String text; (text = reader.next()) != null; ) {
            int number = reader.number();
            if (text.isBlank()) {
                continue;
            }
            String where = name + " line " + number;
            try {
                each.accept(new Line(where, number, format.decode(where, text), text.length()));
            } catch (FileFormatException e) {
                throw new UserError(e.getMessage() + "; nothing was imported");
            }
        }
    }

    /** A chunk ends at this many lines... */
    static final int CHUNK_LINES = 512;
    /** ...or once its lines hold this many characters of text, whichever comes first. */
    static final int CHUNK_CHARS = 1 << 20;
    /** Chunks decoded and waiting for the writer. */
    static final int CHUNKS_WAITING = 1;

    /**
     * Reads and decodes the input on its own thread, handing lines over in order, a chunk at a time.
     * What is wrong with a line (or the input) comes after the lines before it, so that the error of
     * the first bad line is the one reported.
     *
     * <p>At most {@code CHUNKS_WAITING + 2} chunks are in flight (Handoff), each under
     * {@link #CHUNK_LINES} lines and {@link #CHUNK_CHARS} characters plus its last line (at most
     * {@link LineReader#MAX_LINE_BYTES}): with 1 MiB lines, some 6 MiB of text, whatever the size
     * of the file.
     */
    static Handoff<List<Line>> decoder(LineReader reader, String name, LineDecoder format) {
        return new Handoff<>("chatsync-import-reader", CHUNKS_WAITING, sink -> {
            List<Line> chunk = new ArrayList<>();
            long[] chars = {0};
            RuntimeException problem = null;
            try {
                decode(reader, name, format, line -> {
                    chunk.add(line);
                    chars[0] += line.chars();
                    if (chunk.size() == CHUNK_LINES || chars[0] >= CHUNK_CHARS) {
                        hand(sink, List.copyOf(chunk));
                        chunk.clear();
                        chars[0] = 0;
                    }
                });
            } catch (Stopped e) {
                throw new InterruptedException(); // the import failed and stopped listening
            } catch (IOException e) {
                problem = new UserError("cannot read " + name + ": " + e.getMessage() + "; nothing was imported");
            } catch (RuntimeException e) {
                problem = e;
            }
            if (!chunk.isEmpty()) {
                sink.put(List.copyOf(chunk));
            }
            if (problem != null) {
                throw problem;
            }
        });
    }

    private static void hand(Handoff.Sink<List<Line>> sink, List<Line> lines) {
        try {
            sink.put(lines);
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    /** The writing side went away while the decoder waited for room. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
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
