package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many writers contending without pause, through two storages on one root, as devices syncing one month
 * do: each reads the file and writes it back with {@code ifMatch} of the revision it read (or, for
 * {@code ifAbsent}, all try to create the same next file). Thousands of attempts on a fast storage, so
 * that even a narrow window between checking a condition and acting on it is hit in every run; on a slow
 * one, at least the rounds asked for.
 */
final class Contention {
    static final int WRITERS = 8;

    /** A write that succeeded: its condition, and what it wrote. */
    record Success(String path, WriteCondition condition, Revision revision, byte[] bytes, int writer) { }

    /** A write that failed with something other than {@link PreconditionFailedException}. */
    record Failure(String path, WriteCondition condition, Throwable error, int writer) { }

    /**
     * Everything that happened.
     *
     * @param timedOut fewer writes succeeded than the rounds asked for (none in 400 attempts, or too few in
     *                 3 minutes)
     */
    record Outcome(List<Success> successes, List<Failure> failures, int attempts, boolean timedOut) { }

    private Contention() {
    }

    /**
     * Writers read {@code path} and write it with {@code ifMatch} of what they read, until at least
     * {@code rounds} writes succeeded and {@code rounds * 12.5} milliseconds passed.
     */
    static Outcome ifMatch(List<CloudStorage> devices, String path, int rounds) throws Exception {
        return run(devices, rounds, (device, writer, seq) -> {
            Optional<RemoteObject> current = device.read(path);
            if (current.isEmpty()) {
                throw new IllegalStateException(device.describe() + ": " + path + " vanished during the race");
            }
            WriteCondition condition = WriteCondition.ifMatch(current.get().revision());
            return new Attempt(path, condition, bytes(writer, seq));
        });
    }

    /**
     * Writers all try to create {@code folder + n} with {@code ifAbsent}; once one succeeds, all move on
     * to {@code n + 1}. Ends as {@link #ifMatch} does.
     */
    static Outcome ifAbsent(List<CloudStorage> devices, String folder, int rounds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return run(devices, rounds, (device, writer, seq) -> new Attempt(String.format("%s%05d.json", folder,
                next.get()), WriteCondition.ifAbsent(), bytes(writer, seq)), next);
    }

    private record Attempt(String path, WriteCondition condition, byte[] bytes) { }

    @FunctionalInterface
    private interface Plan {
        Attempt next(CloudStorage device, int writer, int seq);
    }

    private static byte[] bytes(int writer, int seq) {
        return ("writer " + writer + " write " + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static Outcome run(List<CloudStorage> devices, int rounds, Plan plan) throws Exception {
        return run(devices, rounds, plan, null);
    }

    private static Outcome run(List<CloudStorage> devices, int rounds, Plan plan, AtomicInteger advanceOnSuccess)
            throws Exception {
        List<Success> successes = Collections.synchronizedList(new ArrayList<>());
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long minNanos = TimeUnit.MICROSECONDS.toNanos(12_500L * Math.max(1, rounds));
        long start = System.nanoTime();
        long giveUp = start + TimeUnit.MINUTES.toNanos(3);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "tck-contention");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                CloudStorage device = devices.get(w % devices.size());
                writers.add(pool.submit(() -> {
                    for (int seq = 0; !stop.get(); seq++) {
                        Attempt a;
                        try {
                            a = plan.next(device, writer, seq);
                        } catch (RuntimeException e) {
                            failures.add(new Failure("(read before the write)", null, e, writer));
                            continue;
                        }
                        attempts.incrementAndGet();
                        try {
                            Revision r = device.write(a.path(), a.bytes(), a.condition());
                            successes.add(new Success(a.path(), a.condition(), r, a.bytes(), writer));
                            if (advanceOnSuccess != null) {
                                String number = a.path().substring(a.path().length() - 10, a.path().length() - 5);
                                int n = Integer.parseInt(number);
                                advanceOnSuccess.compareAndSet(n, n + 1);
                            }
                        } catch (PreconditionFailedException lost) {
                            // the expected answer for all but one
                        } catch (RuntimeException e) {
                            failures.add(new Failure(a.path(), a.condition(), e, writer));
                        }
                        long now = System.nanoTime();
                        boolean enough = successes.size() >= rounds && now - start >= minNanos;
                        // A correct storage lets one of them win.
                        boolean hopeless = successes.isEmpty() && attempts.get() >= 400;
                        if (enough || hopeless || now - giveUp > 0) {
                            stop.set(true);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(List.copyOf(successes), List.copyOf(failures), attempts.get(),
                successes.size() < rounds);
    }
}
