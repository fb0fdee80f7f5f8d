package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.PartitionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code export}'s reading thread: what it fails with ends the export, and nothing after it is written. */
@Timeout(60) // a reader that dies unheard leaves the writer waiting for ever: a failure, not a hang
class ExportCommandTest {
    @TempDir
    Path tmp;

    /** Three months of the real store, one message each. */
    private SqliteDeviceStore store() {
        SqliteDeviceStore store = SqliteDeviceStore.open(tmp.resolve("device.db"));
        store.saveAll(List.of(
                ChatMessage.text("m1", "urn:chat:a", "urn:user:a", Instant.parse("2024-01-15T10:00:00Z"), "january"),
                ChatMessage.text("m2", "urn:chat:a", "urn:user:a", Instant.parse("2024-02-15T10:00:00Z"), "february"),
                ChatMessage.text("m3", "urn:chat:a", "urn:user:a", Instant.parse("2024-03-15T10:00:00Z"), "march")));
        return store;
    }

    @Test
    void anErrorReadingTheSecondMonthEndsTheExportWithItAndNothingAfterIt() {
        try (SqliteDeviceStore store = store()) {
            AtomicInteger reads = new AtomicInteger();
            Function<PartitionKey, List<ChatMessage>> failsOnTheSecond = month -> {
                if (reads.incrementAndGet() == 2) {
                    throw new OutOfMemoryError("Java heap space (reading " + month + ")");
                }
                return store.load(month).vault().messages();
            };
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);

            // As itself, so that the command line's "give Java more memory" applies.
            assertThatThrownBy(() -> ExportCommand.write(store.partitionVersions().keySet(), failsOnTheSecond, out))
                    .isInstanceOf(OutOfMemoryError.class).hasMessageContaining("2024-02");
            out.flush();
            assertThat(text.toString()).contains("january").doesNotContain("february", "march");
            assertThat(reads).hasValue(2); // the reader stopped at its failure
        }
    }

    @Test
    void aRuntimeFailureReadingAMonthIsTheExportsFailure() {
        try (SqliteDeviceStore store = store()) {
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);

            assertThatThrownBy(() -> ExportCommand.write(store.partitionVersions().keySet(), month -> {
                throw new IllegalStateException("cannot read " + month);
            }, out)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read 2024-01");
            out.flush();
            assertThat(text.toString()).isEmpty();
        }
    }

    @Test
    void aWriterThatFailsStopsTheReaderAndLeavesNoThreadRunning() {
        try (SqliteDeviceStore store = store()) {
            List<Thread> readers = new ArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            PrintWriter brokenOut = new PrintWriter(new StringWriter()) {
                @Override
                public void println(String line) {
                    throw new IllegalStateException("disk full");
                }
            };

            assertThatThrownBy(() -> ExportCommand.write(store.partitionVersions().keySet(), month -> {
                readers.add(Thread.currentThread());
                reads.incrementAndGet();
                return store.load(month).vault().messages();
            }, brokenOut)).hasMessage("disk full");

            assertThat(readers).isNotEmpty().allSatisfy(t -> assertThat(t.isAlive()).isFalse());
            // The writer failed on the first month; the reader had at most the second in hand.
            assertThat(reads.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void everyMonthIsWrittenInOrderWhenNothingFails() {
        try (SqliteDeviceStore store = store()) {
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);

            ExportCommand.write(store.partitionVersions().keySet(), month -> store.load(month).vault().messages(), out);

            out.flush();
            assertThat(text.toString().lines()).hasSize(3);
            assertThat(text.toString().indexOf("january")).isLessThan(text.toString().indexOf("february"));
            assertThat(text.toString().indexOf("february")).isLessThan(text.toString().indexOf("march"));
        }
    }

    @Test
    void anOutputThatClosesStopsTheExportWithAFailure() {
        try (SqliteDeviceStore store = store()) {
            AtomicInteger reads = new AtomicInteger();
            // As `chatsync export | head -1` is: the pipe closes, and every write after fails.
            java.io.OutputStream closedPipe = new java.io.OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    throw new java.io.IOException("Broken pipe");
                }
            };
            PrintWriter out = new PrintWriter(closedPipe);

            assertThatThrownBy(() -> ExportCommand.write(store.partitionVersions().keySet(), month -> {
                reads.incrementAndGet();
                return store.load(month).vault().messages();
            }, out)).isInstanceOf(Errors.UserError.class).hasMessageContaining("writing the export failed");

            assertThat(reads.get()).as("stopped after the first month, not all three").isLessThanOrEqualTo(2);
        }
    }

    /** Through the command line's own writers, which swallow what fails below them, as `| head -1` does. */
    @Test
    void theCommandFailsWhenItsOutputCloses() {
        store().close();
        java.io.OutputStream closedPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();

        int status = ChatsyncCli.run(new String[] {"export", "--store", tmp.resolve("device.db").toString()},
                new PrintWriter(closedPipe, true), new PrintWriter(err, true));

        assertThat(status).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("writing the export failed: its output was closed");
    }
}
