package io.tinywide.chatsync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * chatsync's command line measured as a user runs it (a new JVM per command, a bounded heap, a
 * folder remote), side by side with restic and with the naive whole-history snapshot, on one
 * generated history, in one run; then the same commands on a much larger history, on a folder and
 * through a folder that answers each call after a delay, as a cloud does.
 *
 * <pre>{@code
 * ./mvnw -q -DskipTests package
 * java -cp sync-bench/target/benchmarks.jar io.tinywide.chatsync.bench.CommandLineBench
 * }</pre>
 *
 * <p>Options: {@code --messages N} (200000), {@code --months N} (60), {@code --scale N} (1000000; 0
 * skips the large runs), {@code --latency MS} (50), {@code --heap SIZE} (128m), {@code --jar PATH}
 * (sync-cli/target/chatsync.jar), {@code --work DIR} (a temporary folder, removed after),
 * {@code --jvm-option OPT} (repeatable, added to every chatsync JVM). Prints Markdown tables. Times are
 * of this machine and this run; nothing here is asserted.
 */
public final class CommandLineBench {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String RARE_CONVERSATION = "urn:chat:dm-zoe";

    private final Options options;
    private final PrintStream out;

    private CommandLineBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The command line's options. */
    record Options(long messages, int months, long scale, long latencyMs, String heap, Path jar, Path work,
                   boolean keepWork, List<String> jvmOptions) {
        static Options parse(String[] args) throws IOException {
            long messages = 200_000;
            int months = 60;
            long scale = 1_000_000;
            long latency = 50;
            String heap = "128m";
            Path jar = Path.of("sync-cli/target/chatsync.jar");
            Path work = null;
            List<String> jvm = new ArrayList<>();
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--messages" -> messages = Long.parseLong(value);
                    case "--months" -> months = Integer.parseInt(value);
                    case "--scale" -> scale = Long.parseLong(value);
                    case "--latency" -> latency = Long.parseLong(value);
                    case "--heap" -> heap = value;
                    case "--jar" -> jar = Path.of(value);
                    case "--work" -> work = Path.of(value);
                    case "--jvm-option" -> jvm.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the Javadoc of "
                            + CommandLineBench.class.getName());
                }
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar.toAbsolutePath() + " is missing: build it with "
                        + "./mvnw -q -DskipTests package, or pass --jar PATH");
            }
            boolean keep = work != null;
            Path dir = keep ? Files.createDirectories(work) : Files.createTempDirectory("chatsync-cli-bench");
            return new Options(messages, months, scale, latency, heap, jar.toAbsolutePath(), dir.toAbsolutePath(),
                    keep, List.copyOf(jvm));
        }
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        try {
            new CommandLineBench(options, System.out).run();
        } finally {
            if (!options.keepWork()) {
                deleteTree(options.work());
            }
        }
    }

    private void run() throws IOException {
        out.printf("# chatsync command line, side by side%n%n");
        out.printf("- machine: %d cores, %s %s, Java %s (%s), %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), cpuModel());
        out.printf("- every chatsync command: `java -Xmx%s -jar chatsync.jar ...`, a new JVM each time%n%n",
                options.heap());
        compare();
        if (options.scale() > 0) {
            scale(options.scale(), 0);
            scale(options.scale(), options.latencyMs());
        }
    }

    // ---- side by side with restic and the naive snapshot ----

    private void compare() throws IOException {
        Path dir = options.work().resolve("compare");
        deleteTree(dir); // a kept work folder from an earlier run would be measured with its old store
        Files.createDirectories(dir);
        HistoryFiles history = HistoryFiles.write(dir, options.months(), options.messages(), 42);
        out.printf("## %,d messages over %d months (%.1f MB of JSON Lines)%n%n", history.messages(), options.months(),
                history.bytes() / 1e6);

        Path remote = Files.createDirectories(dir.resolve("remote"));
        Chatsync cli = new Chatsync(dir, dir.resolve("device.db"), "file:" + remote, null);
        Step imported = cli.step("import", "import", history.all().toString());
        Step full = cli.step("full sync", "sync");
        long chatsyncStored = sizeOf(remote);
        Step changes = cli.step("import of " + HistoryFiles.NEW_MESSAGES + " new messages", "import",
                history.added().toString());
        long deleteMillis = 0;
        for (String id : history.deleted()) {
            deleteMillis += cli.step("delete", "delete", id).millis();
        }
        Step incremental = cli.step("incremental sync", "sync");
        Step idle = cli.step("sync with nothing to do", "sync");
        Path exported = dir.resolve("export.jsonl");
        Step export = cli.step("export", "export").writeTo(exported);

        Optional<String> resticVersion = Restic.version();
        Step resticFull = null;
        Step resticIncremental = null;
        Step resticIdle = null;
        long resticStored = -1;
        Path monthsDir = dir.relativize(history.months());
        if (resticVersion.isPresent()) {
            Restic restic = Restic.init(dir);
            resticFull = Step.of("full backup", restic.backup(monthsDir.toString()));
            resticStored = restic.storedBytes();
            history.applyChangeToMonthFiles();
            resticIncremental = Step.of("incremental backup", restic.backup(monthsDir.toString()));
            resticIdle = Step.of("backup with nothing to do", restic.backup(monthsDir.toString()));
        } else {
            history.applyChangeToMonthFiles();
        }
        Path naiveDir = dir.resolve("naive-remote");
        Step naiveFull = naive(history.all(), naiveDir);
        long naiveStored = sizeOf(naiveDir);
        Path changed = dir.resolve("history-after.jsonl");
        concatenate(history.months(), changed);
        Step naiveIncremental = naive(changed, naiveDir);

        out.printf("| step | %s | chatsync | ratio | naive snapshot | ratio |%n",
                resticVersion.map(v -> v.split(" ")[0] + " " + v.split(" ")[1]).orElse("restic (absent)"));
        out.printf("|---|---:|---:|---:|---:|---:|%n");
        row("full backup", resticFull, full, naiveFull);
        row("incremental (" + HistoryFiles.NEW_MESSAGES + " new in the last month, " + history.deleted().size()
                + " deleted across 3 old months)", resticIncremental, incremental, naiveIncremental);
        row("nothing to do", resticIdle, idle, null);
        out.printf("| stored size after the full backup | %s | %s | %s | %s | %s |%n%n",
                resticStored < 0 ? "-" : mb(resticStored), mb(chatsyncStored),
                resticStored < 0 ? "-" : ratio(chatsyncStored, resticStored), mb(naiveStored),
                ratio(chatsyncStored, naiveStored));
        if (resticVersion.isEmpty()) {
            out.printf("restic is not on the PATH, so its side was skipped. Install it (Debian and Ubuntu: "
                    + "`apt-get install restic`; macOS: `brew install restic`) and run again.%n%n");
        }
        long exportedLines;
        try (Stream<String> lines = Files.lines(exported)) {
            exportedLines = lines.count();
        }
        out.printf("chatsync alone, each command a new JVM under `-Xmx%s`:%n%n", options.heap());
        out.printf("| command | time | peak heap | note |%n|---|---:|---:|---|%n");
        out.printf("| import of %,d messages | %s | %s | %,.0f messages/s, JVM start included |%n", history.messages(),
                seconds(imported.millis()), heap(imported), history.messages() * 1000.0 / imported.millis());
        out.printf("| full sync | %s | %s | |%n", seconds(full.millis()), heap(full));
        out.printf("| import of %d new messages | %s | %s | |%n", HistoryFiles.NEW_MESSAGES, seconds(changes.millis()),
                heap(changes));
        out.printf("| delete, %d times | %s | | one message per command |%n", history.deleted().size(),
                seconds(deleteMillis));
        out.printf("| incremental sync | %s | %s | |%n", seconds(incremental.millis()), heap(incremental));
        out.printf("| sync with nothing to do | %s | %s | |%n", seconds(idle.millis()), heap(idle));
        out.printf("| export | %s | %s | %,d lines |%n%n", seconds(export.millis()), heap(export), exportedLines);
    }

    private void row(String what, Step restic, Step chatsync, Step naive) {
        out.printf("| %s | %s | %s | %s | %s | %s |%n", what, restic == null ? "-" : seconds(restic.millis()),
                seconds(chatsync.millis()), restic == null ? "-" : ratio(chatsync.millis(), restic.millis()),
                naive == null ? "-" : seconds(naive.millis()),
                naive == null ? "-" : ratio(chatsync.millis(), naive.millis()));
    }

    private Step naive(Path history, Path remote) {
        List<String> command = ChildProcess.javaCommand(List.of("-Xmx" + options.heap()),
                List.of("-cp", benchClassPath(), NaiveSnapshot.class.getName(), history.toString(), remote.toString()));
        return Step.of("naive snapshot", ChildProcess.run(command, options.work(), null)
                .requireSuccess("the naive snapshot"));
    }

    // ---- a large history, on a folder and through latency ----

    private void scale(long messages, long latencyMs) throws IOException {
        Path dir = options.work().resolve("scale-" + latencyMs);
        deleteTree(dir);
        Files.createDirectories(dir);
        HistoryFiles history = HistoryFiles.write(dir, options.months(), messages, 43);
        Path stats = dir.resolve("calls.txt");
        String remote = "benchfs:" + Files.createDirectories(dir.resolve("remote")) + "?latencyMs=" + latencyMs
                + "&stats=" + stats;
        out.printf("## %,d messages over %d months (%.0f MB of JSON Lines), %s%n%n", messages, options.months(),
                history.bytes() / 1e6, latencyMs == 0 ? "on a local folder"
                        : "through a folder that answers every call after " + latencyMs + " ms");
        out.printf("| step | time | peak heap | lists | reads | writes | deletes | bytes read | bytes written |%n");
        out.printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        Chatsync a = new Chatsync(dir, dir.resolve("a.db"), remote, stats);
        Chatsync b = new Chatsync(dir, dir.resolve("b.db"), remote, stats);
        scaleRow(a.step("import of " + String.format(Locale.ROOT, "%,d", messages) + " messages", "import",
                history.all().toString()), stats);
        scaleRow(a.step("full sync", "sync"), stats);
        a.step("import", "import", history.added().toString());
        for (String id : history.deleted()) {
            a.step("delete", "delete", id);
        }
        Files.deleteIfExists(stats);
        scaleRow(a.step("incremental sync (" + HistoryFiles.NEW_MESSAGES + " new, " + history.deleted().size()
                + " deleted)", "sync"), stats);
        scaleRow(a.step("sync with nothing to do", "sync"), stats);
        Path exported = dir.resolve("export.jsonl");
        scaleRow(a.step("export", "export").writeTo(exported), stats);
        Files.delete(exported);
        scaleRow(b.step("new device: sync (3 recent months, every manifest)", "sync"), stats);
        scaleRow(b.step("new device: restore --conversation " + RARE_CONVERSATION, "restore", "--conversation",
                RARE_CONVERSATION), stats);
        out.printf("%nstored: %s%n%n", mb(sizeOf(dir.resolve("remote"))));
        deleteTree(dir);
    }

    private void scaleRow(Step step, Path stats) throws IOException {
        String calls = "- | - | - | - | - | -";
        if (Files.exists(stats)) {
            long[] sum = new long[6];
            for (String line : Files.readAllLines(stats, StandardCharsets.UTF_8)) {
                String[] fields = line.strip().split(" ");
                for (int i = 0; i < 6; i++) {
                    sum[i] += Long.parseLong(fields[i].substring(fields[i].indexOf('=') + 1));
                }
            }
            calls = String.format(Locale.ROOT, "%,d | %,d | %,d | %,d | %s | %s", sum[0], sum[1], sum[2], sum[3],
                    mb(sum[4]), mb(sum[5]));
            Files.delete(stats);
        }
        out.printf("| %s | %s | %s | %s |%n", step.what(), seconds(step.millis()), heap(step), calls);
    }

    // ---- chatsync as a child process ----

    /** One measured command. */
    record Step(String what, long millis, long peakHeapMib, String stdout) {
        static Step of(String what, ChildProcess.Run run) {
            return new Step(what, run.millis(), run.peakHeapMib(), run.stdout());
        }

        Step writeTo(Path file) throws IOException {
            Files.writeString(file, stdout, StandardCharsets.UTF_8);
            return new Step(what, millis, peakHeapMib, "");
        }
    }

    /** chatsync on one device, each command a new JVM. */
    private final class Chatsync {
        private final Path dir;
        private final Path store;
        private final String remote;
        private final boolean benchProvider;

        Chatsync(Path dir, Path store, String remote, Path stats) throws IOException {
            this.dir = dir;
            this.store = store;
            this.remote = remote;
            this.benchProvider = stats != null;
            Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n", StandardCharsets.UTF_8);
        }

        Step step(String what, String... command) {
            Path gc = dir.resolve("gc.log");
            List<String> jvm = new ArrayList<>();
            jvm.add("-Xmx" + options.heap());
            jvm.addAll(ChildProcess.gcLog(gc));
            jvm.addAll(options.jvmOptions());
            List<String> args = new ArrayList<>(benchProvider
                    ? List.of("-cp", options.jar() + java.io.File.pathSeparator + benchClassPath(),
                    "io.tinywide.chatsync.cli.ChatsyncCli")
                    : List.of("-jar", options.jar().toString()));
            args.addAll(List.of("--store", store.toString(), "--remote", remote, "--passphrase-file",
                    dir.resolve("passphrase").toString()));
            args.addAll(List.of(command));
            ChildProcess.Run run = ChildProcess.run(ChildProcess.javaCommand(jvm, args), dir, gc)
                    .requireSuccess("chatsync " + String.join(" ", command) + " (" + what + ")");
            return Step.of(what, run);
        }
    }

    /** Where this class was loaded from: the benchmarks jar, or a classes folder. */
    private static String benchClassPath() {
        try {
            return Path.of(CommandLineBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- small things ----

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void concatenate(Path monthsDir, Path into) throws IOException {
        try (var out = Files.newOutputStream(into); Stream<Path> files = Files.list(monthsDir)) {
            for (Path f : files.sorted().toList()) {
                Files.copy(f, out);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("cpu unknown");
        } catch (IOException e) {
            return "cpu unknown";
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String heap(Step step) {
        return step.peakHeapMib() < 0 ? "-" : step.peakHeapMib() + " MiB";
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f×", (double) a / b);
    }
}
