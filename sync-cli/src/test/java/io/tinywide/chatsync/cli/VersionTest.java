package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --version} prints the version the build was made as, not a placeholder. */
class VersionTest {
    @Test
    void theVersionIsTheProjectVersion() {
        String expected = System.getProperty("chatsync.expectedVersion");
        assertThat(expected).as("set by the build from the project version").isNotBlank();
        StringWriter out = new StringWriter();
        int status = ChatsyncCli.run(new String[] {"--version"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("chatsync " + expected);
    }
}
