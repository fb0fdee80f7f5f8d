package io.tinywide.chatsync.examples.guice;

import com.google.inject.CreationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application alone, as built: no provider on its class path. */
class MessengerAppTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAProviderJarTheAppFailsAtStartupSayingWhatToAdd() throws IOException {
        MessengerConfig config = new MessengerConfig(tmp.toUri().toString(),
                Files.writeString(tmp.resolve("passphrase"), "correct horse battery staple\n"));
        assertThatThrownBy(() -> MessengerApp.start(config))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("no storage provider was found on the class path or module path; "
                        + "add a provider jar such as provider-localfs or provider-s3");
    }

    @Test
    void theConfigurationIsReadFromTheCommandLine() {
        assertThat(MessengerConfig.fromArgs("--passphrase-file", "/etc/p", "--remote", "s3://b/c"))
                .isEqualTo(new MessengerConfig("s3://b/c", Path.of("/etc/p")));
        assertThatThrownBy(() -> MessengerConfig.fromArgs("--remote", "s3://b/c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage");
    }

    /** The README shows exactly the lines between the markers, so the two cannot drift apart. */
    @Test
    void theReadmeShowsTheseLinesVerbatim() throws IOException {
        String readme = Files.readString(Path.of("../../../README.md"));
        assertThat(readme).contains(between("MessengerModule.java", "module"));
        assertThat(readme).contains(between("MessengerApp.java", "start"));
    }

    private static String between(String file, String marker) throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/tinywide/chatsync/examples/guice", file));
        String start = "// --- README " + marker + " start ---\n";
        int from = source.indexOf(start) + start.length();
        int to = source.lastIndexOf('\n', source.indexOf("// --- README " + marker + " end ---")) + 1;
        return source.substring(from, to).stripTrailing().stripIndent();
    }
}
