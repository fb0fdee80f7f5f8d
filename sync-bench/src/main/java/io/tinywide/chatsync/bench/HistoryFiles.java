package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.MessageLines;
import io.tinywide.chatsync.core.sample.SampleHistory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated history as the files both tools get: {@code history.jsonl} for chatsync's
 * {@code import}, and the same lines split into {@code months/YYYY-MM.jsonl}, one file per month, for
 * restic. Then the incremental change the issue describes: new messages in the last month and
 * deletions spread over three old months, as a file to import, ids to delete, and the month files
 * rewritten to what the history is afterwards.
 *
 * @param dir         where the files are
 * @param all         every message, one per line, ordered by month and then (sentAt, id)
 * @param months      the folder of month files
 * @param messages    how many messages
 * @param bytes       the size of {@link #all}
 * @param added       the incremental change's new messages, as JSON Lines
 * @param deleted     the incremental change's deleted ids
 */
record HistoryFiles(Path dir, Path all, Path months, long messages, long bytes, Path added, List<String> deleted) {
    static final PartitionKey FIRST = PartitionKey.parse("2020-01");
    static final int NEW_MESSAGES = 100;
    private static final int[] DELETIONS_PER_OLD_MONTH = {4, 3, 3};

    /** Generates {@code messages} messages over {@code monthCount} months into {@code dir}. */
    static HistoryFiles write(Path dir, int monthCount, long messages, long seed) {
        MessageLines lines = ChatSync.messageLines();
        Path all = dir.resolve("history.jsonl");
        Path months = dir.resolve("months");
        List<PartitionKey> oldMonths = List.of(plus(FIRST, monthCount / 6), plus(FIRST, monthCount / 3),
                plus(FIRST, monthCount / 2));
        List<String> deleted = new ArrayList<>();
        PartitionKey last = plus(FIRST, monthCount - 1);
        try {
            Files.createDirectories(months);
            try (Writer out = Files.newBufferedWriter(all, StandardCharsets.UTF_8)) {
                for (List<ChatMessage> month : SampleHistory.chat(FIRST, monthCount, messages, seed)) {
                    if (month.isEmpty()) {
                        continue;
                    }
                    PartitionKey key = month.get(0).partition();
                    int old = oldMonths.indexOf(key);
                    for (int i = 0; old >= 0 && i < DELETIONS_PER_OLD_MONTH[old] && i < month.size(); i++) {
                        deleted.add(month.get(month.size() * (i + 1) / (DELETIONS_PER_OLD_MONTH[old] + 1)).id());
                    }
                    try (Writer monthFile = Files.newBufferedWriter(months.resolve(key + ".jsonl"),
                            StandardCharsets.UTF_8)) {
                        for (ChatMessage m : month) {
                            String line = lines.encode(m);
                            out.write(line);
                            out.write('\n');
                            monthFile.write(line);
                            monthFile.write('\n');
                        }
                    }
                }
            }
            Path added = dir.resolve("added.jsonl");
            try (BufferedWriter out = Files.newBufferedWriter(added, StandardCharsets.UTF_8)) {
                for (List<ChatMessage> month : SampleHistory.chat(last, 1, NEW_MESSAGES, seed + 1)) {
                    for (ChatMessage m : month) {
                        out.write(lines.encode(m));
                        out.write('\n');
                    }
                }
            }
            return new HistoryFiles(dir, all, months, messages, Files.size(all), added, List.copyOf(deleted));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history under " + dir, e);
        }
    }

    /**
     * Rewrites the month files as the history is after the incremental change: the new messages in
     * their month, in (sentAt, id) order as {@code export} writes them, and the deleted lines gone.
     */
    void applyChangeToMonthFiles() {
        MessageLines lines = ChatSync.messageLines();
        try {
            List<ChatMessage> added = new ArrayList<>();
            for (String line : Files.readAllLines(this.added, StandardCharsets.UTF_8)) {
                added.add(lines.decode("added", line));
            }
            try (var files = Files.list(months)) {
                for (Path file : files.sorted().toList()) {
                    PartitionKey key = PartitionKey.parse(file.getFileName().toString().replace(".jsonl", ""));
                    List<ChatMessage> mine = new ArrayList<>(added.stream().filter(m -> m.partition().equals(key))
                            .toList());
                    List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
                    boolean changed = !mine.isEmpty() || text.stream().anyMatch(this::deletes);
                    if (!changed) {
                        continue;
                    }
                    for (String line : text) {
                        if (!deletes(line)) {
                            mine.add(lines.decode(file.toString(), line));
                        }
                    }
                    mine.sort(ChatMessage.BY_TIME_THEN_ID);
                    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                        for (ChatMessage m : mine) {
                            out.write(lines.encode(m));
                            out.write('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the month files under " + months, e);
        }
    }

    private static PartitionKey plus(PartitionKey month, int months) {
        PartitionKey out = month;
        for (int i = 0; i < months; i++) {
            out = out.next();
        }
        return out;
    }

    private boolean deletes(String line) {
        return deleted.stream().anyMatch(id -> line.startsWith("{\"id\":\"" + id + "\""));
    }
}
