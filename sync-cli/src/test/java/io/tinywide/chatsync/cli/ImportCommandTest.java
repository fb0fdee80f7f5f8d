package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.HybridClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code import}'s decoding thread: what it fails with ends the import, and what it holds is bounded. */
@Timeout(60) // a decoder that dies unheard leaves the writer waiting for ever: a failure, not a hang
class ImportCommandTest {
    private static final String NAME = "history.jsonl";

    @TempDir
    Path tmp;

    /** {@code count} messages, a month each in turn, with texts of {@code textChars} characters. */
    private static LineReader file(int count, int textChars) {
        StringBuilder file = new StringBuilder();
        String text = "x".repeat(textChars);
        for (int i = 1; i <= count; i++) {
            file.append("{\"id\":\"m").append(i).append("\",\"conversation\":\"urn:chat:a\",\"sender\":\"urn:user:a\",")
                    .append("\"sentAt\":\"2024-").append(String.format("%02d", 1 + i % 12))
                    .append("-15T10:00:00Z\",\"type\":\"text\",\"text\":\"").append(text).append("\"}\n");
        }
        return new LineReader(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), NAME);
    }

    @Test
    void anErrorDecodingALineEndsTheImportWithItAndImportsNothing() throws IOException {
        try (SqliteDeviceStore store = SqliteDeviceStore.open(tmp.resolve("device.db"));
             LineReader reader = file(3000, 10)) {
            HybridClock clock = new HybridClock(Clock.systemUTC(), store.deviceId());
            ImportCommand.LineDecoder failsAtLine2000 = (where, text) -> {
                if (where.equals(NAME + " line 2000")) {
                    throw new OutOfMemoryError("Java heap space (" + where + ")");
                }
                return ChatSync.messageLines().decode(where, text);
            };

            // As itself, so that the command line's "give Java more memory" applies.
            assertThatThrownBy(() -> store.importMessages(batch -> {
                ImportCommand.read(reader, NAME, failsAtLine2000, batch, clock, new ImportCommand.Counts());
                return null;
            })).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("line 2000");

            assertThat(store.partitionVersions()).isEmpty();
            assertThat(store.message("m1")).isEmpty();
        }
    }

    @Test
    void aFileOfLongLinesIsHandedOverInChunksBoundedByTheirText() throws IOException, InterruptedException {
        int lineChars = 60_000;
        List<List<ImportCommand.Line>> chunks = new ArrayList<>();
        try (LineReader reader = file(100, lineChars);
             Handoff<List<ImportCommand.Line>> decoder = ImportCommand.decoder(reader, NAME,
                     ChatSync.messageLines()::decode)) {
            for (List<ImportCommand.Line> chunk; (chunk = decoder.take()) != null; ) {
                chunks.add(chunk);
            }
        }

        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(100);
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> {
            assertThat(chunk).hasSizeLessThanOrEqualTo(ImportCommand.CHUNK_LINES);
            int beforeItsLastLine = chunk.subList(0, chunk.size() - 1).stream().mapToInt(ImportCommand.Line::chars)
                    .sum();
            assertThat(beforeItsLastLine).isLessThan(ImportCommand.CHUNK_CHARS);
        });
        // What is in flight at once (Handoff: the waiting chunks, the writer's and the decoder's) is a
        // few MiB of text even when every line is as long as a line may be.
        long mostInFlight = (ImportCommand.CHUNKS_WAITING + 2L) * (ImportCommand.CHUNK_CHARS + LineReader.MAX_LINE_BYTES);
        assertThat(mostInFlight).isLessThanOrEqualTo(8L << 20);
    }

    @Test
    void aDecoderAheadOfAStalledWriterStopsAtABoundedNumberOfLines() throws IOException, InterruptedException {
        int lineChars = 60_000;
        AtomicInteger decoded = new AtomicInteger();
        AtomicReference<Thread> decoding = new AtomicReference<>();
        try (LineReader reader = file(200, lineChars);
             Handoff<List<ImportCommand.Line>> decoder = ImportCommand.decoder(reader, NAME, (where, text) -> {
                 decoding.set(Thread.currentThread());
                 decoded.incrementAndGet();
                 return ChatSync.messageLines().decode(where, text);
             })) {
            // The writer takes nothing: the decoder goes as far as its bound and waits for room.
            while (decoding.get() == null || !(decoding.get().getState() == Thread.State.WAITING
                    || decoding.get().getState() == Thread.State.TERMINATED)) {
                Thread.sleep(10);
            }
            int linesPerChunk = ImportCommand.CHUNK_CHARS / lineChars + 1;
            assertThat(decoded.get()).isLessThanOrEqualTo((ImportCommand.CHUNKS_WAITING + 2) * linesPerChunk)
                    .isLessThan(200);
            assertThat(decoder.take()).isNotEmpty(); // and goes on once there is
        }
    }
}
