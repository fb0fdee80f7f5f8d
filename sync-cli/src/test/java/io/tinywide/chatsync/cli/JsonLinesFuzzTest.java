package io.tinywide.chatsync.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.fuzz.FuzzInput;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.port.in.MessageLines;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as the file of {@code import}: read line by line ({@link LineReader}), each line parsed
 * into a message ({@link MessageLines#decode}) as the import streams it ({@link ImportCommand#decode};
 * repeated ids are found by the store as the lines are written, see {@code CliTest}). The result is
 * the file's messages, or the import's one error that names the file and the line; never another
 * exception, a hang or the heap filled. A message that is imported is also exported as a line that
 * imports as the same message.
 */
class JsonLinesFuzzTest {
    private static final String NAME = "history.jsonl";
    private static final MessageLines LINES = ChatSync.messageLines();

    @FuzzTest
    void jsonLines(byte[] file) throws Exception {
        FuzzInput.fuzz(file, () -> {
            List<ImportCommand.Line> lines = new ArrayList<>();
            try (LineReader reader = new LineReader(new ByteArrayInputStream(file), NAME)) {
                ImportCommand.decode(reader, NAME, lines::add);
            } catch (UserError e) {
                assertThat(e.getMessage()).startsWith(NAME + " line ").endsWith("; nothing was imported");
                return;
            }
            for (ImportCommand.Line line : lines) {
                assertThat(line.where()).isEqualTo(NAME + " line " + line.number());
                ChatMessage m = line.message();
                assertThat(LINES.decode("export", LINES.encode(m))).isEqualTo(m);
            }
        });
    }
}
