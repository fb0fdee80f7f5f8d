package io.tinywide.chatsync.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One chatsync command run again and again in one JVM, each time on a fresh copy of the same device
 * store and remote: what the command costs once the JVM has loaded and compiled its code, as in an
 * application that embeds chatsync and syncs for hours. {@link CommandLineBench} reports it beside the
 * same command in a new JVM, which is how a user of the command line pays for it.
 *
 * <pre>{@code
 * java -cp chatsync.jar:benchmarks.jar io.tinywide.chatsync.bench.WarmCommands SNAPSHOT STORE REMOTE ROUNDS ARGS...
 * }</pre>
 * {@code SNAPSHOT} holds the store's files ({@code device.db} and its {@code -wal}, if any) and the
 * folder {@code remote}, made by {@link #snapshot}; before each round they are put back where
 * they were, {@code STORE} and the folder {@code REMOTE} (a remote's identity and the device's sync
 * state are tied to its path). {@code ARGS} are chatsync's. Prints a line per round, and last
 * {@code fastest: N ms} over the second half of the rounds (the first half warms up).
 */
public final class WarmCommands {
    private WarmCommands() {
    }

    public static void main(String[] args) throws Exception {
        Path snapshot = Path.of(args[0]);
        Path store = Path.of(args[1]);
        Path remote = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String[] line = Arrays.asList(args).subList(4, args.length).toArray(String[]::new);
        // The command line's entry point without its System.exit; on the class path, not exported.
        Method run = Class.forName("io.tinywide.chatsync.cli.ChatsyncCli")
                .getDeclaredMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
        run.setAccessible(true);
        long fastest = Long.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            restore(snapshot, store, remote);
            StringWriter err = new StringWriter();
            long start = System.nanoTime();
            int status = (int) run.invoke(null, line, new PrintWriter(new StringWriter()), new PrintWriter(err));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (status != 0) {
                throw new IllegalStateException("chatsync " + String.join(" ", line) + " failed in round " + round
                        + " with status " + status + ": " + err);
            }
            System.out.printf("round %d: %d ms%n", round, millis);
            if (round > rounds / 2) {
                fastest = Math.min(fastest, millis);
            }
        }
        System.out.printf("fastest: %d ms%n", fastest);
    }

    /** Puts the store and the remote back as {@link #snapshot} found them. */
    private static void restore(Path snapshot, Path store, Path remote) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path file = snapshot.resolve("device.db" + suffix);
            Path target = Path.of(store + suffix);
            if (Files.exists(file)) {
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            } else {
                Files.deleteIfExists(target);
            }
        }
        linkTree(snapshot.resolve("remote"), remote);
    }

    /**
     * Hard links, not copies: a folder remote's revisions are its files' inodes and times, so a copy
     * would look changed to the device and turn an incremental sync into a full comparison. chatsync
     * replaces a remote file by renaming a new one over it, never writing into it, so the snapshot's
     * links keep the old content.
     */
    private static void linkTree(Path from, Path into) throws IOException {
        CommandLineBench.deleteTree(into);
        Files.createDirectories(into);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path to = into.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(to);
                } else {
                    Files.createLink(to, source);
                }
            }
        }
    }

    /** Copies the store's files of {@code dir} into {@code into}, and links the remote folder's there, for later rounds. */
    static void snapshot(Path dir, Path store, Path remote, Path into) throws IOException {
        CommandLineBench.deleteTree(into);
        Files.createDirectories(into);
        List<Path> storeFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(store.getFileName().toString()))
                    .forEach(storeFiles::add);
        }
        for (Path f : storeFiles) {
            Files.copy(f, into.resolve(f.getFileName().toString().replace(store.getFileName().toString(),
                    "device.db")), StandardCopyOption.COPY_ATTRIBUTES);
        }
        linkTree(remote, into.resolve("remote"));
    }
}
