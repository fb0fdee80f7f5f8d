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
import java.util.Map;
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
 * <p>Options: {@code --messages N} (200000), {@code --months N} (60), {@code --rounds N} (3 rounds of
 * the comparison, each step's fastest reported), {@code --scale N} (1000000; 0 skips the large runs),
 * {@code --latency MS} (50), {@code --heap SIZE} (128m), {@code --jar PATH}
 * (sync-cli/target/chatsync.jar), {@code --work DIR} (a temporary folder, removed after),
 * {@code --jvm-option OPT} (repeatable, added to every chatsync JVM). Prints Markdown tables. Times are
 * of this machine and this run; nothing here is asserted.
 */
public final class CommandLineBench {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String RARE_CONVERSATION = "urn:chat:dm-zoe";
    /** Runs of a command in one JVM for its warm figure; the first half warms up. */
    private static final int WARM_ROUNDS = 8;

    private final Options options;
    private final PrintStream out;

    private CommandLineBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The command line's options. */
    record Options(long messages, int months, long scale, long latencyMs, String heap, Path jar, Path work,
                   boolean keepWork, List<String> jvmOptions, int rounds) {
        static Options parse(String[] args) throws IOException {
            long messages = 200_000;
            int months = 60;
            long scale = 1_000_000;
            long latency = 50;
            int rounds = 3;
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
                    case "--rounds" -> rounds = Integer.parseInt(value);
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
                    keep, List.copyOf(jvm), Math.max(1, rounds));
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

    /** Every measure of one round of the comparison. */
    private record Round(HistoryFiles history, Map<String, Step> steps, long chatsyncStored, long resticStored,
                         long naiveStored, long exportedLines) {
        Step get(String name) {
            return steps.get(name);
        }
    }

    /**
     * Runs the comparison {@code --rounds} times, each on a fresh copy of the same history, and
     * reports each step's fastest round (on a shared machine the least disturbed one) and the most
     * heap any round used.
     */
    private void compare() throws IOException {
        List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= options.rounds(); i++) {
            rounds.add(round(i));
        }
        Round first = rounds.get(0);
        Map<String, Step> best = new java.util.LinkedHashMap<>();
        for (String name : first.steps().keySet()) {
            List<Step> all = rounds.stream().map(r -> r.get(name)).filter(java.util.Objects::nonNull).toList();
            if (all.isEmpty()) {
                continue;
            }
            long fastest = all.stream().mapToLong(Step::millis).min().orElseThrow();
            long heap = all.stream().mapToLong(Step::peakHeapMib).max().orElseThrow();
            long live = all.stream().mapToLong(Step::liveHeapMib).max().orElseThrow();
            best.put(name, new Step(name, fastest, heap, live, ""));
        }
        HistoryFiles history = first.history();
        out.printf("## %,d messages over %d months (%.1f MB of JSON Lines)%n%n", history.messages(), options.months(),
                history.bytes() / 1e6);
        if (options.rounds() > 1) {
            out.printf("Each time is the fastest of %d rounds of the whole comparison in this run (each round on a "
                    + "fresh copy of the same history); each peak heap the largest.%n%n", options.rounds());
        }
        Optional<String> resticVersion = Restic.version();
        out.printf("| step | %s | chatsync | ratio | naive snapshot | ratio |%n",
                resticVersion.map(v -> v.split(" ")[0] + " " + v.split(" ")[1]).orElse("restic (absent)"));
        out.printf("|---|---:|---:|---:|---:|---:|%n");
        row("full backup", best.get("restic full"), best.get("full"), best.get("naive full"));
        row("incremental (" + HistoryFiles.NEW_MESSAGES + " new in the last month, " + history.deleted().size()
                + " deleted across 3 old months)", best.get("restic incremental"), best.get("incremental"),
                best.get("naive incremental"));
        row("nothing to do", best.get("restic idle"), best.get("idle"), null);
        out.printf("| stored size after the full backup | %s | %s | %s | %s | %s |%n%n",
                first.resticStored() < 0 ? "-" : mb(first.resticStored()), mb(first.chatsyncStored()),
                first.resticStored() < 0 ? "-" : ratio(first.chatsyncStored(), first.resticStored()),
                mb(first.naiveStored()), ratio(first.chatsyncStored(), first.naiveStored()));
        if (resticVersion.isEmpty()) {
            out.printf("restic is not on the PATH, so its side was skipped. Install it (Debian and Ubuntu: "
                    + "`apt-get install restic`; macOS: `brew install restic`) and run again.%n%n");
        }
        Step imported = best.get("import");
        out.printf("chatsync alone, each command a new JVM under `-Xmx%s`:%n%n", options.heap());
        out.printf("| command | time | heap: most used / most live | note |%n|---|---:|---:|---|%n");
        out.printf("| import of %,d messages | %s | %s | %,.0f messages/s, JVM start included |%n", history.messages(),
                seconds(imported.millis()), heap(imported), history.messages() * 1000.0 / imported.millis());
        line(best.get("full"), "full sync", "");
        line(best.get("changes"), "import of " + HistoryFiles.NEW_MESSAGES + " new messages", "");
        line(best.get("deletes"), "delete, " + history.deleted().size() + " times", "one message per command");
        line(best.get("incremental"), "incremental sync", "");
        line(best.get("idle"), "sync with nothing to do", "");
        line(best.get("idle shared"), "sync with nothing to do, `-XX:SharedArchiveFile`", "class-data sharing");
        line(best.get("export"), "export", String.format(Locale.ROOT, "%,d lines", first.exportedLines()));
        out.println();
        out.printf("The same syncs in one JVM that has run them before (%d times on fresh copies of the same store "
                + "and remote, the fastest of the last %d): what they cost an application that embeds chatsync "
                + "and stays up, without a JVM's start and warm-up.%n%n", WARM_ROUNDS, WARM_ROUNDS - WARM_ROUNDS / 2);
        out.printf("| step | restic 0.14.0 | chatsync, warm | ratio | chatsync, new JVM |%n|---|---:|---:|---:|---:|%n");
        warmRow("full backup", best.get("restic full"), best.get("warm full"), best.get("full"));
        warmRow("incremental", best.get("restic incremental"), best.get("warm incremental"), best.get("incremental"));
        out.println();
    }

    private void warmRow(String what, Step restic, Step warm, Step cold) {
        out.printf("| %s | %s | %s | %s | %s |%n", what, restic == null ? "-" : seconds(restic.millis()),
                seconds(warm.millis()), restic == null ? "-" : ratio(warm.millis(), restic.millis()),
                seconds(cold.millis()));
    }

    private void line(Step step, String what, String note) {
        out.printf("| %s | %s | %s | %s |%n", what, seconds(step.millis()), heap(step), note);
    }

    private Round round(int number) throws IOException {
        Path dir = options.work().resolve("compare-" + number);
        deleteTree(dir); // a kept work folder from an earlier run would be measured with its old store
        Files.createDirectories(dir);
        HistoryFiles history = HistoryFiles.write(dir, options.months(), options.messages(), 42);
        Map<String, Step> steps = new java.util.LinkedHashMap<>();
        Path remote = Files.createDirectories(dir.resolve("remote"));
        Chatsync cli = new Chatsync(dir, dir.resolve("device.db"), "file:" + remote, null);
        steps.put("import", cli.step("import", "import", history.all().toString()));
        Path beforeFull = dir.resolve("snapshot-before-full");
        WarmCommands.snapshot(dir, dir.resolve("device.db"), remote, beforeFull);
        steps.put("full", cli.step("full sync", "sync"));
        long chatsyncStored = sizeOf(remote);
        steps.put("changes", cli.step("import of new messages", "import", history.added().toString()));
        long deleteMillis = 0;
        long deleteHeap = 0;
        long deleteLive = 0;
        for (String id : history.deleted()) {
            Step deleted = cli.step("delete", "delete", id);
            deleteMillis += deleted.millis();
            deleteHeap = Math.max(deleteHeap, deleted.peakHeapMib());
            deleteLive = Math.max(deleteLive, deleted.liveHeapMib());
        }
        steps.put("deletes", new Step("deletes", deleteMillis, deleteHeap, deleteLive, ""));
        Path beforeIncremental = dir.resolve("snapshot-before-incremental");
        WarmCommands.snapshot(dir, dir.resolve("device.db"), remote, beforeIncremental);
        steps.put("incremental", cli.step("incremental sync", "sync"));
        steps.put("idle", cli.step("sync with nothing to do", "sync"));
        // Class-data sharing: an archive of the classes a sync loads, made by one run, used by the next.
        Path archive = dir.resolve("chatsync.jsa");
        cli.step(List.of("-XX:ArchiveClassesAtExit=" + archive), "sync (writing a CDS archive)", "sync");
        steps.put("idle shared", cli.step(List.of("-XX:SharedArchiveFile=" + archive),
                "sync with nothing to do, with the CDS archive", "sync"));
        Path exported = dir.resolve("export.jsonl");
        steps.put("export", cli.step("export", "export").writeTo(exported));
        steps.put("warm full", cli.warm(beforeFull, remote, "full sync, warm", "sync"));
        steps.put("warm incremental", cli.warm(beforeIncremental, remote, "incremental sync, warm", "sync"));
        long exportedLines;
        try (Stream<String> lines = Files.lines(exported)) {
            exportedLines = lines.count();
        }

        long resticStored = -1;
        Path monthsDir = dir.relativize(history.months());
        if (Restic.version().isPresent()) {
            Restic restic = Restic.init(dir);
            steps.put("restic full", Step.of("full backup", restic.backup(monthsDir.toString())));
            resticStored = restic.storedBytes();
            history.applyChangeToMonthFiles();
            steps.put("restic incremental", Step.of("incremental backup", restic.backup(monthsDir.toString())));
            steps.put("restic idle", Step.of("backup with nothing to do", restic.backup(monthsDir.toString())));
        } else {
            history.applyChangeToMonthFiles();
        }
        Path naiveDir = dir.resolve("naive-remote");
        steps.put("naive full", naive(history.all(), naiveDir));
        long naiveStored = sizeOf(naiveDir);
        Path changed = dir.resolve("history-after.jsonl");
        concatenate(history.months(), changed);
        steps.put("naive incremental", naive(changed, naiveDir));
        Round round = new Round(history, steps, chatsyncStored, resticStored, naiveStored, exportedLines);
        if (!options.keepWork()) {
            deleteTree(dir);
        }
        return round;
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
        out.printf("| step | time | heap: most used / most live | lists | reads | writes | deletes | bytes read "
                + "| bytes written |%n");
        out.printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        Chatsync a = new Chatsync(dir, dir.resolve("a.db"), remote, stats);
        Chatsync b = new Chatsync(dir, dir.resolve("b.db"), remote, stats);
        Step imported = a.step("import of " + String.format(Locale.ROOT, "%,d", messages) + " messages", "import",
                history.all().toString());
        scaleRow(imported, stats);
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
        out.printf("%nimport: %,.0f messages/s, JVM start included; stored: %s%n%n",
                messages * 1000.0 / imported.millis(), mb(sizeOf(dir.resolve("remote"))));
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
    record Step(String what, long millis, long peakHeapMib, long liveHeapMib, String stdout) {
        static Step of(String what, ChildProcess.Run run) {
            return new Step(what, run.millis(), run.peakHeapMib(), run.liveHeapMib(), run.stdout());
        }

        Step writeTo(Path file) throws IOException {
            Files.writeString(file, stdout, StandardCharsets.UTF_8);
            return new Step(what, millis, peakHeapMib, liveHeapMib, "");
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
            return step(List.of(), what, command);
        }

        Step step(List<String> extraJvmOptions, String what, String... command) {
            Path gc = dir.resolve("gc.log");
            List<String> jvm = new ArrayList<>(extraJvmOptions);
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

        /**
         * A command run {@link #WARM_ROUNDS} times in one JVM ({@link WarmCommands}), each on a fresh copy
         * of {@code snapshot}; its time is the fastest of the warm rounds, its heap the whole run's.
         */
        Step warm(Path snapshot, Path remoteFolder, String what, String... command) {
            Path gc = dir.resolve("gc.log");
            List<String> jvm = new ArrayList<>();
            jvm.add("-Xmx" + options.heap());
            jvm.addAll(ChildProcess.gcLog(gc));
            jvm.addAll(options.jvmOptions());
            List<String> args = new ArrayList<>(List.of("-cp", options.jar() + java.io.File.pathSeparator
                    + benchClassPath(), WarmCommands.class.getName(), snapshot.toString(), store.toString(),
                    remoteFolder.toString(), Integer.toString(WARM_ROUNDS), "--store", store.toString(), "--remote",
                    remote, "--passphrase-file", dir.resolve("passphrase").toString()));
            args.addAll(List.of(command));
            ChildProcess.Run run = ChildProcess.run(ChildProcess.javaCommand(jvm, args), dir, gc)
                    .requireSuccess("chatsync " + String.join(" ", command) + " (" + what + ")");
            java.util.regex.Matcher fastest = java.util.regex.Pattern.compile("fastest: (\\d+) ms")
                    .matcher(run.stdout());
            if (!fastest.find()) {
                throw new IllegalStateException(what + " printed no time: " + run.stdout());
            }
            return new Step(what, Long.parseLong(fastest.group(1)), run.peakHeapMib(), run.liveHeapMib(), "");
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

    static void deleteTree(Path dir) throws IOException {
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

    /** The most heap in use (garbage included) and, after a slash, the most left live after a collection. */
    private static String heap(Step step) {
        return step.peakHeapMib() < 0 ? "-" : step.peakHeapMib() + " / " + step.liveHeapMib() + " MiB";
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f×", (double) a / b);
    }
}
