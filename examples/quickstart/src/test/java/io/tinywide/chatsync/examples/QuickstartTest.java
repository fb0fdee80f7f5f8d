package io.tinywide.chatsync.examples;

import io.tinywide.chatsync.core.port.in.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartTest {
    @TempDir
    Path folder;

    @Test
    void theReadmeExampleBacksUpAMessage() {
        SyncReport report = Quickstart.backUp(folder.toString(), "a passphrase".toCharArray());
        assertThat(report.isComplete()).isTrue();
        assertThat(report.messagesUp()).isEqualTo(1);
        assertThat(folder.resolve("tinywide/messaging/keyring.json")).exists();
    }

    /** The README shows exactly the lines between the markers, so the two cannot drift apart. */
    @Test
    void theReadmeShowsThisExampleVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/tinywide/chatsync/examples/Quickstart.java"));
        String example = source.substring(source.indexOf("// --- README example start ---\n") + 32,
                source.indexOf("        // --- README example end ---"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertThat(readme).contains(example.stripTrailing().stripIndent());
    }
}
