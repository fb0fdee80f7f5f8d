package io.tinywide.chatsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code restic} side of the comparison, run as a user runs it: a local repository made with
 * {@code restic init}, and {@code restic backup} of the folder of month files.
 */
final class Restic {
    private final Path work;
    private final Path repository;
    private final Path password;

    private Restic(Path work) throws IOException {
        this.work = work;
        this.repository = work.resolve("restic-repo");
        this.password = work.resolve("restic-password");
        Files.writeString(password, "bench passphrase\n", StandardCharsets.UTF_8);
    }

    /** restic's version line if it is on the PATH; empty (with nothing run) otherwise. */
    static Optional<String> version() {
        try {
            Process p = new ProcessBuilder("restic", "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A new repository under {@code work}, made with {@code restic init} (not timed: a one-time step). */
    static Restic init(Path work) {
        try {
            Restic restic = new Restic(work);
            restic.run("init").requireSuccess("restic init");
            return restic;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code restic backup} of {@code folder} (relative to the work folder, so every run names the same path). */
    ChildProcess.Run backup(String folder) {
        return run("backup", folder).requireSuccess("restic backup");
    }

    /** The repository's size on disk. */
    long storedBytes() {
        return CommandLineBench.sizeOf(repository);
    }

    private ChildProcess.Run run(String... args) {
        List<String> command = new ArrayList<>(List.of("restic", "--repo", repository.toString(), "--password-file",
                password.toString(), "--cache-dir", work.resolve("restic-cache").toString(), "--quiet"));
        command.addAll(List.of(args));
        return ChildProcess.run(command, work, null);
    }
}
