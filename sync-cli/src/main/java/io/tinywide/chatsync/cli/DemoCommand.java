package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.store.SqliteDeviceStore;
import io.tinywide.chatsync.core.ChatSync;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.HybridClock;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.ChatSyncService;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.sample.SampleHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code demo}: the main job on the embedded default, with no account. Two devices sync through a
 * local folder, delete and edit on both, and a third device restores a month and a conversation
 * lazily; then every device is checked against the others. Exits non-zero if any disagree.
 */
@Command(name = "demo", description = "Two devices syncing through a local folder, a deletion, an edit and lazy "
        + "restores on a third device; checks that all agree.")
final class DemoCommand implements Callable<Integer> {
    private static final String PASSPHRASE = "demo passphrase, never use it for real";

    @Spec
    CommandSpec spec;
    @Option(names = "--months", defaultValue = "18", description = "months of history to generate (default 18)")
    int months;
    @Option(names = "--per-month", defaultValue = "120", description = "messages per month (default 120)")
    int perMonth;
    @Option(names = "--dir", paramLabel = "DIR", description = "work in DIR and keep it (default: a temporary "
            + "folder, removed afterwards)")
    Path dir;

    private final List<String[]> table = new ArrayList<>();
    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        boolean keep = dir != null;
        Path work = keep ? Files.createDirectories(dir) : Files.createTempDirectory("chatsync-demo");
        try {
            return run(work);
        } finally {
            if (!keep) {
                deleteTree(work);
            }
        }
    }

    private int run(Path work) throws IOException {
        Instant started = Instant.now();
        Path remoteDir = Files.createDirectories(work.resolve("remote"));
        out.printf("chatsync demo in %s%n  remote: a local folder, %s%n%n", work, remoteDir);
        try (CloudStorage remote = Device.registry().require("localfs").open(new ProviderConfig(
                     Device.absolute(remoteDir).toString(), ProviderConfig.DEFAULT_ROOT, java.util.Map.of()));
             SqliteDeviceStore a = SqliteDeviceStore.open(work.resolve("device-a.db"));
             SqliteDeviceStore b = SqliteDeviceStore.open(work.resolve("device-b.db"));
             SqliteDeviceStore c = SqliteDeviceStore.open(work.resolve("device-c.db"))) {
            ChatSyncService syncA = service(a, remote);
            ChatSyncService syncB = service(b, remote);
            ChatSyncService syncC = service(c, remote);

            List<ChatMessage> history = generate();
            step("A: write " + history.size() + " messages over " + months + " months", () -> {
                a.saveAll(history);
                return null;
            });
            step("A: first sync (uploads every month)", () -> syncA.syncMessages("localfs"));
            step("B: first sync (recent months + manifests)", () -> syncB.syncMessages("localfs"));
            PartitionKey oldest = history.get(0).partition();
            step("B: scroll back to " + oldest, () -> syncB.restoreVaultForDate(LocalDate.of(oldest.year(),
                    oldest.month(), 10)));

            ChatMessage newest = history.get(history.size() - 1);
            ChatMessage deleted = history.get(history.size() - 2);
            ChatMessage edited = history.get(history.size() - 3);
            HybridClock clockB = new HybridClock(Clock.systemUTC(), b.deviceId());
            step("A deletes a message, B edits another in the same month", () -> {
                a.delete(deleted.tombstone(Instant.now()));
                b.save(b.message(edited.id()).orElseThrow().edited("edited on B", clockB.next()));
                b.save(ChatMessage.text("demo-reply", newest.conversation(), "urn:user:bob",
                        newest.sentAt().plusSeconds(60), "a reply written on B"));
                return null;
            });
            step("A: sync (uploads one month)", () -> syncA.syncMessages("localfs"));
            step("B: sync (merges, uploads one month)", () -> syncB.syncMessages("localfs"));
            step("A: sync (fetches B's edit and reply)", () -> syncA.syncMessages("localfs"));

            step("C: new device, restore " + oldest + " only", () -> syncC.restoreVaultForDate(
                    LocalDate.of(oldest.year(), oldest.month(), 1)));
            step("C: restore " + SampleHistory.RARE + " lazily", () -> syncC.restoreConversation(SampleHistory.RARE));

            printTable();
            List<String> problems = check(a, b, c, deleted, edited);
            Duration took = Duration.between(started, Instant.now());
            if (problems.isEmpty()) {
                out.printf("%nall devices agree: the deletion reached every device, the edit won, nothing came back. "
                        + "Done in %.1f s.%n", took.toMillis() / 1000.0);
                out.flush();
                return 0;
            }
            problems.forEach(p -> out.println("DISAGREE: " + p));
            out.flush();
            return ChatsyncCli.FAILED;
        }
    }

    private List<String> check(SqliteDeviceStore a, SqliteDeviceStore b, SqliteDeviceStore c, ChatMessage deleted,
                               ChatMessage edited) {
        List<String> problems = new ArrayList<>();
        for (PartitionKey month : b.partitionVersions().keySet()) {
            if (!a.load(month).vault().equals(b.load(month).vault())) {
                problems.add("devices A and B hold different " + month);
            }
        }
        for (PartitionKey month : c.partitionVersions().keySet()) {
            if (!a.load(month).vault().equals(c.load(month).vault())) {
                problems.add("devices A and C hold different " + month);
            }
        }
        if (!a.conversation(SampleHistory.RARE).equals(c.conversation(SampleHistory.RARE))) {
            problems.add("device C's lazy restore of " + SampleHistory.RARE + " differs from device A");
        }
        for (SqliteDeviceStore s : List.of(a, b)) {
            if (s.message(deleted.id()).isPresent()) {
                problems.add("deleted message " + deleted.id() + " is still on a device");
            }
            if (!"edited on B".equals(s.message(edited.id()).map(ChatMessage::text).orElse(null))) {
                problems.add("the edit of " + edited.id() + " did not reach every device");
            }
            if (s.message("demo-reply").isEmpty()) {
                problems.add("B's reply did not reach every device");
            }
        }
        return problems;
    }

    private ChatSyncService service(SqliteDeviceStore store, CloudStorage remote) {
        return ChatSync.builder().localStore(store).stateStore(store).passphrase(PASSPHRASE.toCharArray())
                .remote("localfs", remote).build();
    }

    /** A repeatable history of the last {@code months} months, up to last month. */
    private List<ChatMessage> generate() {
        PartitionKey first = PartitionKey.of(LocalDate.now(ZoneOffset.UTC));
        for (int i = 0; i < months; i++) {
            first = first.previous();
        }
        return SampleHistory.generate(first, months, perMonth, 40, 20240115);
    }

    private void step(String what, Supplier<Object> action) {
        out.printf("  %-52s", what);
        out.flush();
        long start = System.nanoTime();
        Object result = action.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String months = "";
        String files = "";
        String bytes = "";
        if (result instanceof SyncReport r) {
            if (!r.isComplete()) {
                throw new IllegalStateException(what + " failed: " + r.failures());
            }
            months = r.partitionsVisited() + " visited";
            files = r.partitionsUploaded() * 2 + " up";
            bytes = Reports.bytes(r.bytesUp()) + " up, " + Reports.bytes(r.bytesDown()) + " down";
        } else if (result instanceof RestoreReport r) {
            if (!r.isComplete()) {
                throw new IllegalStateException(what + " failed: " + r.failures());
            }
            months = r.partitionsFetched().size() + " fetched";
            files = r.partitionsFetched().size() + r.manifestsRead() + " down";
            bytes = Reports.bytes(r.bytesDown()) + " down";
        }
        out.printf(" %6d ms%n", millis);
        out.flush();
        table.add(new String[] {what, months, files, bytes, millis + " ms"});
    }

    private void printTable() {
        out.printf("%n%-52s %-12s %-9s %-28s %s%n", "step", "months", "files", "bytes", "time");
        for (String[] row : table) {
            out.printf("%-52s %-12s %-9s %-28s %s%n", (Object[]) row);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary folder left behind is not worth failing the demo for.
        }
    }
}
