package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.bench.SyncScenarios.Measure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios run, and their exact figures (bytes and calls, never time) show that work is
 * proportional to what changed.
 */
class SyncScenariosTest {
    @TempDir
    Path dir;

    @Test
    void workIsProportionalToWhatChanged() {
        int months = 24;
        List<Measure> m = SyncScenarios.run(dir, months, 40);
        Measure full = m.get(0);
        Measure incremental = m.get(1);
        Measure idle = m.get(2);
        Measure lazy = m.get(4);
        Measure restoreAll = m.get(5);

        assertThat(full.writes()).as("a vault and a manifest per month, and the keyring").isEqualTo(2L * months + 1);
        assertThat(incremental.writes()).as("one month's two files").isEqualTo(2);
        assertThat(incremental.reads()).as("one month's vault").isEqualTo(1);
        assertThat(incremental.bytesWritten() * (months / 2)).isLessThan(full.bytesWritten());
        assertThat(idle.reads() + idle.writes()).as("nothing changed, nothing moves").isZero();
        assertThat(lazy.bytesRead() * 4).as("a rare conversation's months only").isLessThan(restoreAll.bytesRead());
    }
}
