package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.fault.CountingStorage;
import io.tinywide.chatsync.tck.fault.DelayedStorage;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A local folder that feels like a cloud, for the command-line benchmarks: every call waits
 * {@code latencyMs} first (calls in parallel wait in parallel, as requests to a cloud do), and the
 * calls and bytes are counted and appended to the {@code stats} file when the storage closes, so a
 * child {@code chatsync} process reports what it did. Remote URI
 * {@code benchfs:/abs/dir?latencyMs=50&stats=/abs/stats.txt}; put {@code benchmarks.jar} on the class
 * path after {@code chatsync.jar} (the kit's {@link CountingStorage} counts).
 */
public final class LatencyProvider implements StorageProvider {
    @Override
    public String id() {
        return "benchfs";
    }

    @Override
    public String displayName() {
        return "Local folder with latency, for benchmarks";
    }

    @Override
    public Set<Capability> capabilities() {
        return ProviderRegistry.load(LatencyProvider.class.getClassLoader()).require("localfs").capabilities();
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        long latency = Long.parseLong(config.option("latencyMs").orElse("0"));
        Path stats = config.option("stats").map(Path::of).orElse(null);
        CloudStorage folder = ProviderRegistry.load(LatencyProvider.class.getClassLoader()).require("localfs")
                .open(new ProviderConfig(config.location(), config.root(), Map.of()));
        CountingStorage counted = new CountingStorage(new DelayedStorage(folder, Duration.ofMillis(latency)));
        return new ForwardingStorage(counted) {
            @Override
            public void close() {
                super.close();
                if (stats != null) {
                    CountingStorage.Counts c = counted.counts();
                    String line = String.format("lists=%d reads=%d writes=%d deletes=%d bytesRead=%d bytesWritten=%d%n",
                            c.lists(), c.reads(), c.writes(), c.deletes(), c.bytesRead(), c.bytesWritten());
                    try {
                        Files.writeString(stats, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the benchmark's call counts to " + stats, e);
                    }
                }
            }
        };
    }
}
