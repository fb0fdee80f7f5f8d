package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.MessageIdentity;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultDataException;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.port.out.FileFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code import FILE}: adds or updates messages from JSON Lines. The whole file is read and
 * checked first, against itself and against the store (an id already used by another message,
 * live or deleted); one bad line rejects the file and nothing is imported.
 */
@Command(name = "import", description = "Add or update messages from JSON Lines (FILE, or - for stdin).")
final class ImportCommand extends DeviceCommand {
    @Parameters(paramLabel = "FILE", description = "JSON Lines, one message per line; - reads stdin")
    String file;

    /** One message of the file and where it is, for the error that names its line. */
    record Line(String where, int number, ChatMessage message) { }

    @Override
    public Integer call() throws IOException {
        List<Line> lines = read();
        int added = 0;
        int edited = 0;
        int unchanged = 0;
        int deleted = 0;
        try (Device device = Device.open(cli)) {
            HybridClock clock = new HybridClock(Clock.systemUTC(), device.store.deviceId());
            TreeMap<PartitionKey, List<Line>> byMonth = new TreeMap<>();
            for (Line line : lines) {
                byMonth.computeIfAbsent(line.message().partition(), k -> new ArrayList<>()).add(line);
            }
            List<ChatMessage> toSave = new ArrayList<>();
            Line firstConflict = null;
            String conflict = null;
            for (var month : byMonth.entrySet()) {
                ChatVault stored = device.store.load(month.getKey()).vault();
                for (Line line : month.getValue()) {
                    ChatMessage m = line.message();
                    var tombstone = stored.tombstone(m.id()).or(() -> device.store.tombstone(m.id()));
                    // Not in its own month, a stored id is in another one: its sentAt differs.
                    var existing = tombstone.isPresent() ? java.util.Optional.<ChatMessage>empty()
                            : stored.message(m.id()).or(() -> device.store.message(m.id()));
                    String problem = tombstone.map(t -> deletedAs(t, m)).orElseGet(() -> existing
                            .map(e -> storedAs(e, m)).orElse(null));
                    if (problem != null) {
                        if (firstConflict == null || line.number() < firstConflict.number()) {
                            firstConflict = line;
                            conflict = problem;
                        }
                    } else if (tombstone.isPresent()) {
                        deleted++;
                    } else if (existing.isEmpty()) {
                        toSave.add(m);
                        added++;
                    } else if (existing.get().sameContent(m)) {
                        unchanged++;
                    } else {
                        // A line without a version is an edit made now, on this device; it must
                        // win over everything this device has seen of the message.
                        clock.observe(existing.get().version());
                        toSave.add(m.version().equals(EditVersion.INITIAL) ? m.withVersion(clock.next()) : m);
                        edited++;
                    }
                }
            }
            if (firstConflict != null) {
                throw new UserError(firstConflict.where() + ": " + conflict + "; nothing was imported");
            }
            try {
                device.store.saveAll(toSave); // one transaction: all of it lands, or none
            } catch (VaultDataException e) {
                throw new UserError(e.getMessage() + "; nothing was imported");
            }
        }
        out().printf("imported %d messages: %d new, %d edited, %d unchanged, %d already "
                + "deleted%n", lines.size(), added, edited, unchanged, deleted);
        return 0;
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

    private List<Line> read() throws IOException {
        String name = file.equals("-") ? "stdin" : file;
        try (LineReader reader = new LineReader(file.equals("-") ? System.in : Files.newInputStream(Path.of(file)),
                name)) {
            return read(reader, name);
        } catch (NoSuchFileException e) {
            throw new UserError("no file " + Device.absolute(Path.of(file)) + "; nothing was imported");
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage() + "; nothing was imported");
        }
    }

    /**
     * Every message of a JSON Lines input, checked against each other.
     *
     * @throws UserError naming {@code name} and the line at fault
     */
    static List<Line> read(LineReader reader, String name) throws IOException {
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        MessageLines format = ChatSync.messageLines();
        for (String text; (text = reader.next()) != null; ) {
            int number = reader.number();
            if (text.isBlank()) {
                continue;
            }
            String where = name + " line " + number;
            ChatMessage m;
            try {
                m = format.decode(where, text);
            } catch (FileFormatException e) {
                throw new UserError(e.getMessage() + "; nothing was imported");
            }
            Integer earlier = lineOfId.putIfAbsent(m.id(), number);
            if (earlier != null) {
                throw new UserError(where + ": message id '" + m.id() + "' already appears on line " + earlier
                        + "; nothing was imported");
            }
            lines.add(new Line(where, number, m));
        }
        return lines;
    }
}
