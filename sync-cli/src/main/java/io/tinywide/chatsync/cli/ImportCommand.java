package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.codec.CanonicalJson;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.PartitionKey;
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
 * checked first; one bad line rejects the file and nothing is imported.
 */
@Command(name = "import", description = "Add or update messages from JSON Lines (FILE, or - for stdin).")
final class ImportCommand extends DeviceCommand {
    @Parameters(paramLabel = "FILE", description = "JSON Lines, one message per line; - reads stdin")
    String file;

    /** One message of the file and where it is, for the error that names its line. */
    private record Line(String where, int number, ChatMessage message) { }

    @Override
    public Integer call() throws IOException {
        List<Line> lines = read();
        int added = 0;
        int edited = 0;
        int unchanged = 0;
        int deleted = 0;
        try (Device device = Device.open(cli)) {
            HybridClock clock = new HybridClock(Clock.systemUTC(), device.store.deviceId());
            TreeMap<PartitionKey, List<ChatMessage>> byMonth = new TreeMap<>();
            for (Line line : lines) {
                byMonth.computeIfAbsent(line.message().partition(), k -> new ArrayList<>()).add(line.message());
            }
            List<ChatMessage> toSave = new ArrayList<>();
            for (var month : byMonth.entrySet()) {
                ChatVault stored = device.store.load(month.getKey()).vault();
                for (ChatMessage m : month.getValue()) {
                    var existing = stored.message(m.id());
                    if (stored.isDeleted(m.id())) {
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
            device.store.saveAll(toSave);
        }
        out().printf("imported %d messages: %d new, %d edited, %d unchanged, %d already "
                + "deleted%n", lines.size(), added, edited, unchanged, deleted);
        return 0;
    }

    private List<Line> read() throws IOException {
        String name = file.equals("-") ? "stdin" : file;
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        try (LineReader reader = new LineReader(file.equals("-") ? System.in : Files.newInputStream(Path.of(file)),
                name)) {
            for (String text; (text = reader.next()) != null; ) {
                int number = reader.number();
                if (text.isBlank()) {
                    continue;
                }
                String where = name + " line " + number;
                ChatMessage m;
                try {
                    m = CanonicalJson.decodeMessageLine(where, text);
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
        } catch (NoSuchFileException e) {
            throw new UserError("no file " + Device.absolute(Path.of(file)) + "; nothing was imported");
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage() + "; nothing was imported");
        }
        return lines;
    }
}
