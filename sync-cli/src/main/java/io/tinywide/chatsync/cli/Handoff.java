package io.tinywide.chatsync.cli;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Work done ahead on a second thread and handed, in order, to the thread that opened it, so that
 * both cores work ({@code export} reads months while it writes, {@code import} decodes lines while
 * it stores them). Whatever the producer fails with, an {@link Error} included, reaches the
 * consumer as itself at its place in the order, so a dead producer never leaves the consumer
 * waiting; closing stops the producer and waits for its thread to end.
 *
 * <p>At most {@code capacity + 2} items are alive at once: the one the consumer works on (and
 * still holds while it takes the next), {@code capacity} waiting, and the one the producer made
 * and waits to hand over.
 *
 * @param <T> what is handed over
 */
final class Handoff<T> implements AutoCloseable {
    /** Makes the items and hands each to {@code sink}; whatever it throws ends the items. */
    @FunctionalInterface
    interface Producer<T> {
        void run(Sink<T> sink) throws InterruptedException;
    }

    /** Where the producer puts an item; waits for the consumer, and throws once it has gone away. */
    @FunctionalInterface
    interface Sink<T> {
        void put(T item) throws InterruptedException;
    }

    private static final Object END = new Object();

    /** What the producer failed with, in the queue after the items it made before. */
    private record Failed(Throwable cause) { }

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    /** The consumer's own: it has taken the end. */
    private boolean ended;

    /**
     * Starts {@code producer} on a daemon thread named {@code threadName}.
     *
     * @param capacity how many items may wait between the two threads; 0 hands each over directly
     */
    Handoff(String threadName, int capacity, Producer<T> producer) {
        this.queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(() -> produce(producer), threadName);
        thread.setDaemon(true); // never what keeps the JVM alive, should a close be missed
        thread.start();
    }

    private void produce(Producer<T> producer) {
        Object last;
        try {
            producer.run(this::put);
            last = END;
        } catch (InterruptedException e) {
            return; // the consumer went away
        } catch (Throwable t) { // an Error too: the consumer must hear of it, or it waits for ever
            last = new Failed(t);
        }
        try {
            put(last);
        } catch (InterruptedException e) {
            // the consumer went away and needs no end
        }
    }

    private void put(Object item) throws InterruptedException {
        // The producer's own work may swallow an interruption (a driver waiting on I/O); the flag
        // does not: no item is put once the consumer has gone.
        if (closed) {
            throw new InterruptedException();
        }
        queue.put(item);
    }

    /**
     * The next item, or null after the last one.
     *
     * @throws RuntimeException or {@link Error}: what the producer failed with, as itself
     * @throws InterruptedException if this thread is interrupted while it waits
     */
    @SuppressWarnings("unchecked")
    T take() throws InterruptedException {
        if (ended) {
            return null;
        }
        Object next = queue.take();
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof Failed failed) {
            ended = true;
            Throwable cause = failed.cause();
            if (cause instanceof RuntimeException e) {
                throw e;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(thread.getName() + " failed", cause); // a checked one, thrown sneakily
        }
        return (T) next;
    }

    /** Stops the producer if it is still working, and waits until its thread has ended. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
