package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.sample.SampleHistory;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import io.tinywide.chatsync.provider.localfs.LocalFsProvider;
import io.tinywide.chatsync.tck.fault.CountingStorage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * End-to-end scenarios on a local folder, measured in bytes, calls and time: what a first backup
 * costs, what an incremental sync after one edit costs, what a new device and a lazy restore cost,
 * and the ratios between them. Run it with
 * {@code java -cp sync-bench/target/benchmarks.jar io.tinywide.chatsync.bench.SyncScenarios [months] [perMonth]}.
 *
 * <p>Times depend on the machine and are reported, never asserted; byte and call counts are exact.
 */
public final class SyncScenarios {

    /**
     * One measured step.
     *
     * @param step       what was done
     * @param reads      storage reads
     * @param writes     storage writes
     * @param bytesRead  bytes read
     * @param bytesWritten bytes written
     * @param millis     wall-clock time
     */
    public record Measure(String step, long reads, long writes, long bytesRead, long bytesWritten, long millis) { }

    private SyncScenarios() {
    }

    /** Runs the scenarios on a fresh folder under {@code dir} and returns one measure per step. */
    public static List<Measure> run(Path dir, int months, int perMonth) {
        List<ChatMessage> history = SampleHistory.generate(PartitionKey.parse("2020-01"), months, perMonth, 80, 42);
        CountingStorage remote = new CountingStorage(new LocalFsProvider().open(
                new ProviderConfig(dir.toAbsolutePath().toString(), "bench", Map.of())));
        List<Measure> measures = new ArrayList<>();
        try (CloudStorage ignored = remote) {
            InMemoryMessageStore a = new InMemoryMessageStore();
            history.forEach(a::save);
            ChatSyncService deviceA = device(a, remote, 3);
            measures.add(measure("first backup of " + months + " months", remote, () -> deviceA.syncMessages("bench")));

            ChatMessage m = history.get(history.size() / 2);
            a.save(m.edited("edited once", new EditVersion(1, "bench")));
            measures.add(measure("incremental sync after one edit", remote, () -> deviceA.syncMessages("bench")));
            measures.add(measure("sync with nothing changed", remote, () -> deviceA.syncMessages("bench")));

            ChatSyncService deviceB = device(new InMemoryMessageStore(), remote, 3);
            measures.add(measure("new device: 3 recent months + manifests", remote, () -> deviceB.syncMessages("bench")));
            measures.add(measure("lazy restore of a rare conversation", remote,
                    () -> deviceB.restoreConversation(SampleHistory.RARE)));

            ChatSyncService deviceC = device(new InMemoryMessageStore(), remote, 0);
            deviceC.syncMessages("bench");
            measures.add(measure("full restore, month by month", remote, () -> {
                PartitionKey month = PartitionKey.parse("2020-01");
                for (int i = 0; i < months; i++, month = month.next()) {
                    deviceC.restoreVaultForDate(LocalDate.of(month.year(), month.month(), 1));
                }
                return null;
            }));
        }
        return measures;
    }

    private static ChatSyncService device(InMemoryMessageStore store, CloudStorage remote, int eagerMonths) {
        return ChatSync.builder().localStore(store).stateStore(new InMemorySyncStateStore())
                .passphrase("bench".toCharArray()).keyDerivationIterations(1000)
                .remote("bench", remote).settings(EngineSettings.DEFAULTS.withEagerMonths(eagerMonths)).build();
    }

    private static Measure measure(String step, CountingStorage remote, java.util.function.Supplier<Object> work) {
        remote.reset();
        long start = System.nanoTime();
        work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        CountingStorage.Counts c = remote.counts();
        return new Measure(step, c.reads(), c.writes(), c.bytesRead(), c.bytesWritten(), millis);
    }

    public static void main(String[] args) throws IOException {
        int months = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int perMonth = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("chatsync-bench");
        List<java.lang.management.MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        List<Measure> measures = run(dir, months, perMonth);
        System.out.printf("%d months x %d messages on a local folder%n%n", months, perMonth);
        System.out.printf("%-44s %7s %7s %12s %12s %8s%n", "step", "reads", "writes", "bytes read", "bytes written",
                "ms");
        for (Measure m : measures) {
            System.out.printf("%-44s %7d %7d %12d %12d %8d%n", m.step(), m.reads(), m.writes(), m.bytesRead(),
                    m.bytesWritten(), m.millis());
        }
        Measure full = measures.get(0);
        Measure incremental = measures.get(1);
        Measure lazy = measures.get(4);
        Measure restoreAll = measures.get(5);
        System.out.printf("%nbytes written, first backup / incremental: %.0fx%n",
                (double) full.bytesWritten() / incremental.bytesWritten());
        System.out.printf("bytes read, full restore / lazy conversation restore: %.1fx%n",
                (double) restoreAll.bytesRead() / lazy.bytesRead());
        System.out.printf("peak heap during the run (three devices' histories in memory stores included): %d MiB%n",
                heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20);
    }
}
