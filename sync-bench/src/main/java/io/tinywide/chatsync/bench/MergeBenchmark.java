package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.domain.VaultMerge;
import io.tinywide.chatsync.core.sample.SampleHistory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The merge of two replicas of one month that differ by a few percent, as after a typical sync. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeBenchmark {
    @Param({"1000", "10000"})
    int messages;

    ChatVault local;
    ChatVault remote;

    @Setup
    public void setUp() {
        PartitionKey month = PartitionKey.parse("2020-01");
        List<ChatMessage> all = SampleHistory.generate(month, 1, messages, 60, 1);
        List<ChatMessage> theirs = new ArrayList<>(all);
        List<Tombstone> deletions = new ArrayList<>();
        for (int i = 0; i < messages / 50; i++) {
            ChatMessage m = all.get(i * 50);
            theirs.set(i * 50, m.edited("edited", new EditVersion(1000 + i, "b")));
            deletions.add(all.get(i * 50 + 1).tombstone(Instant.parse("2020-02-01T00:00:00Z")));
        }
        local = ChatVault.of(month, all.subList(0, messages - messages / 20), List.of());
        remote = ChatVault.of(month, theirs, deletions);
    }

    @Benchmark
    public ChatVault merge() {
        return VaultMerge.merge(local, remote);
    }

    @Benchmark
    public Object diff() {
        return VaultMerge.diff(local, VaultMerge.merge(local, remote));
    }
}
