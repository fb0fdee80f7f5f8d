package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.in.PartitionFailure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters of one sync or restore, turned into a report at the end. */
final class Tally {
    final AtomicInteger visited = new AtomicInteger();
    final AtomicInteger uploaded = new AtomicInteger();
    final AtomicInteger downloaded = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();
    final AtomicInteger manifestsRead = new AtomicInteger();
    final AtomicLong messagesDown = new AtomicLong();
    final AtomicLong tombstonesDown = new AtomicLong();
    final AtomicLong messagesUp = new AtomicLong();
    final AtomicLong tombstonesUp = new AtomicLong();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final List<PartitionFailure> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<PartitionKey> fetched = Collections.synchronizedList(new ArrayList<>());

    List<PartitionFailure> sortedFailures() {
        synchronized (failures) {
            List<PartitionFailure> copy = new ArrayList<>(failures);
            copy.sort((a, b) -> a.partition().compareTo(b.partition()));
            return copy;
        }
    }

    List<PartitionKey> sortedFetched() {
        synchronized (fetched) {
            List<PartitionKey> copy = new ArrayList<>(fetched);
            Collections.sort(copy);
            return copy;
        }
    }
}
