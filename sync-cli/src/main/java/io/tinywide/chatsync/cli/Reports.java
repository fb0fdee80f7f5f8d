package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.in.PartitionFailure;
import io.tinywide.chatsync.core.port.in.RestoreReport;
import io.tinywide.chatsync.core.port.in.SyncListener;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.core.domain.PartitionKey;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/** How reports and progress look on a terminal. */
final class Reports {
    private Reports() {
    }

    static void print(PrintWriter out, SyncReport r) {
        out.printf("synced %s in %d ms: %d months visited, %d uploaded, %d downloaded%n", r.remote(),
                r.duration().toMillis(), r.partitionsVisited(), r.partitionsUploaded(), r.partitionsDownloaded());
        out.printf("  up: %d messages, %d deletions, %s; down: %d messages, %d deletions, %s; conflicts retried: %d%n",
                r.messagesUp(), r.tombstonesUp(), bytes(r.bytesUp()), r.messagesDown(), r.tombstonesDown(),
                bytes(r.bytesDown()), r.conflictsRetried());
        r.warnings().forEach(w -> out.println("  warning: " + w));
        printFailures(out, r.failures());
        if (r.cancelled()) {
            out.println("  cancelled before every month was visited; run sync again");
        }
        out.flush();
    }

    static void print(PrintWriter out, RestoreReport r) {
        out.printf("restored %d months %s in %d ms: %d messages, %d deletions applied, %d manifests read, %s read%n",
                r.partitionsFetched().size(), r.partitionsFetched(), r.duration().toMillis(), r.messagesApplied(),
                r.tombstonesApplied(), r.manifestsRead(), bytes(r.bytesDown()));
        printFailures(out, r.failures());
        out.flush();
    }

    /**
     * The one stderr line after a run in which some months failed. The report on stdout has the
     * details, but a script or a user who reads only stderr must still learn which months failed,
     * why, and what to do next.
     */
    static void printFailed(PrintWriter err, String action, int months, java.util.List<PartitionFailure> failures,
                            String next) {
        StringBuilder which = new StringBuilder();
        for (PartitionFailure f : failures) {
            which.append(which.isEmpty() ? "" : ", ").append(f.partition()).append(": ").append(oneLine(f.reason()));
        }
        err.printf("chatsync: %d of %d months failed to %s (%s); %s%n", failures.size(), months, action, which, next);
        err.flush();
    }

    /**
     * What to do after failed months: a file that could not be decoded is a case for {@code verify};
     * a failed or throttled request is a case for trying again.
     */
    static String nextStep(java.util.List<PartitionFailure> failures) {
        boolean badFile = failures.stream().anyMatch(f -> f.cause()
                instanceof io.tinywide.chatsync.core.port.out.FileFormatException);
        return badFile ? "run `chatsync verify` with the same options to see which files are bad"
                : "run the command again (later, if the storage was throttling or unreachable)";
    }

    /** Keeps a multi-line reason on the one line that stderr promises. */
    static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*\\R\\s*", " ");
    }

    private static void printFailures(PrintWriter out, java.util.List<PartitionFailure> failures) {
        for (PartitionFailure f : failures) {
            out.println("  FAILED " + f.partition() + ": " + f.reason());
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        return String.format("%.1f MiB", n / (1024.0 * 1024));
    }

    /** Prints one line per month as a sync goes, on stderr so stdout stays the report. */
    static SyncListener progress(PrintWriter err) {
        return new SyncListener() {
            private final AtomicInteger done = new AtomicInteger();
            private volatile int total;

            @Override
            public void started(String remote, int partitionsToVisit) {
                total = partitionsToVisit;
                err.printf("syncing %d months with %s%n", partitionsToVisit, remote);
                err.flush();
            }

            @Override
            public void partitionDone(PartitionKey partition, PartitionOutcome outcome) {
                err.printf("  [%d/%d] %s %s%n", done.incrementAndGet(), total, partition,
                        outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                err.flush();
            }
        };
    }
}
