package io.tinywide.chatsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command as its own process, as a user would, and measures it from the outside: wall-clock
 * time (a JVM's start included) and, for a JVM run with {@link #gcLog}, the peak of its used heap.
 */
final class ChildProcess {
    /** G1's and the serial collector's "used before -> used after (committed)" in a pause line. */
    private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    /** The used heap at exit, from {@code -Xlog:gc+heap+exit}. */
    private static final Pattern AT_EXIT = Pattern.compile("used (\\d+)K");

    private ChildProcess() {
    }

    /**
     * What one run did.
     *
     * @param exitCode    the process's exit status
     * @param millis      wall-clock time from start to exit
     * @param peakHeapMib the most heap in use at any collection or at exit (garbage included); -1 if not
     *                    measured
     * @param liveHeapMib the most heap still in use after a collection (what the command really kept), or
     *                    in use at exit if it never collected; -1 if not measured
     * @param stdout      what it printed
     * @param stderr      what it printed on stderr
     */
    record Run(int exitCode, long millis, long peakHeapMib, long liveHeapMib, String stdout, String stderr) {
        Run requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed with exit status " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    /** The JVM options that make a child log what {@link #run} reads its peak heap from. */
    static List<String> gcLog(Path file) {
        return List.of("-Xlog:gc,gc+heap+exit:file=" + file + ":uptime");
    }

    /**
     * Runs {@code command} in {@code dir} and waits for it.
     *
     * @param gcLog the file its {@link #gcLog} options write to, or null
     */
    static Run run(List<String> command, Path dir, Path gcLog) {
        try {
            Path out = Files.createTempFile(dir, "stdout", ".txt");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            long start = System.nanoTime();
            Process p = builder.start();
            int exit = p.waitFor();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long[] heap = gcLog == null ? new long[] {-1, -1} : heap(gcLog);
            Run run = new Run(exit, millis, heap[0], heap[1], Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * The most heap a JVM's GC log shows in use (before a collection, or at exit) and the most left
     * in use after a collection (at exit, if none ran), in MiB; the log is removed after.
     */
    private static long[] heap(Path log) throws IOException {
        if (!Files.exists(log)) {
            return new long[] {-1, -1};
        }
        long peak = 0;
        long live = -1;
        long atExit = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher pause = PAUSE.matcher(line);
            while (pause.find()) {
                peak = Math.max(peak, Long.parseLong(pause.group(1)));
                live = Math.max(live, Long.parseLong(pause.group(2)));
            }
            Matcher exit = AT_EXIT.matcher(line);
            if (line.contains("garbage-first heap") || line.contains("def new generation")
                    || line.contains("tenured generation")) {
                while (exit.find()) {
                    atExit = Math.max(atExit, Long.parseLong(exit.group(1)) >> 10);
                }
            }
        }
        Files.delete(log);
        return new long[] {Math.max(peak, atExit), live < 0 ? atExit : live};
    }

    /** {@code java} of the running JVM, so children run on the same Java. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A command line: {@code java}, then the options, then the rest. */
    static List<String> javaCommand(List<String> jvmOptions, List<String> rest) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(rest);
        return command;
    }
}
