package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writers racing on one path with one condition. Every writer is ready and spinning before the start,
 * so that the writers really act at once and a narrow window between checking a condition and acting
 * on it is hit; writers alternate between the devices given, as devices sharing one remote do.
 */
final class Race implements AutoCloseable {
    /** A writer whose write succeeded. */
    record Win(int writer, byte[] bytes, Revision revision) { }

    /** A writer whose write failed with something other than {@link PreconditionFailedException}. */
    record Error(int writer, Throwable error) { }

    /** What one race gave. */
    record Result(String path, String condition, int writers, List<Win> wins, int preconditionFailures,
                  List<Error> errors) {
        String summary() {
            return wins.size() + " of " + writers + " writers won an " + condition + " race on " + path
                    + (wins.isEmpty() ? "" : " (writers " + wins.stream().map(w -> String.valueOf(w.writer()))
                    .reduce((a, b) -> a + ", " + b).orElse("") + ")");
        }
    }

    private final int writers;
    private final ExecutorService pool;

    Race(int writers) {
        this.writers = writers;
        this.pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "tck-race");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs one race. Writer {@code i} writes {@code tag + "-writer-" + i}, padded to a length of its own
     * so that versions can be told apart by size too.
     */
    Result run(List<CloudStorage> devices, String path, WriteCondition condition, String tag) throws Exception {
        AtomicInteger ready = new AtomicInteger();
        AtomicLong startAt = new AtomicLong();
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            CloudStorage device = devices.get(i % devices.size());
            byte[] content = (tag + "-writer-" + i + "-" + "x".repeat(i)).getBytes(StandardCharsets.UTF_8);
            results.add(pool.submit(() -> {
                ready.incrementAndGet();
                while (startAt.get() == 0) {
                    Thread.yield();
                }
                while (System.nanoTime() - startAt.get() < 0) {
                    Thread.onSpinWait();
                }
                try {
                    return device.write(path, content, condition);
                } catch (PreconditionFailedException lost) {
                    return lost;
                } catch (RuntimeException e) {
                    return new Error(-1, e);
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (ready.get() < writers && System.nanoTime() < deadline) {
            Thread.yield();
        }
        // A moment ahead, so that this thread is waiting (not holding a core) when the writers start.
        startAt.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2));
        List<Win> wins = new ArrayList<>();
        List<Error> errors = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < writers; i++) {
            Object r = results.get(i).get(5, TimeUnit.MINUTES);
            if (r instanceof Revision rev) {
                int writer = i;
                wins.add(new Win(writer, (tag + "-writer-" + i + "-" + "x".repeat(i)).getBytes(StandardCharsets.UTF_8),
                        rev));
            } else if (r instanceof PreconditionFailedException) {
                lost++;
            } else {
                errors.add(new Error(i, ((Error) r).error()));
            }
        }
        String shown = condition instanceof WriteCondition.IfMatch ? "ifMatch" : condition == WriteCondition.ifAbsent()
                ? "ifAbsent" : "unconditional";
        return new Result(path, shown, writers, wins, lost, errors);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
