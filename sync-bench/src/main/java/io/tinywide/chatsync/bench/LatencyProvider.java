package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local folder that feels like a cloud, for the command-line benchmarks: every call waits
 * {@code latencyMs} first (calls in parallel wait in parallel, as requests to a cloud do), and the
 * calls and bytes are counted and appended to the {@code stats} file when the storage closes, so a
 * child {@code chatsync} process reports what it did. Remote URI
 * {@code benchfs:/abs/dir?latencyMs=50&stats=/abs/stats.txt}; put this module's jar on the class path
 * beside {@code chatsync.jar}.
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
        return new Slow(folder, latency, stats);
    }

    /** The counting, waiting wrapper. */
    private static final class Slow implements CloudStorage {
        private final CloudStorage inner;
        private final long latency;
        private final Path stats;
        private final AtomicLong lists = new AtomicLong();
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong deletes = new AtomicLong();
        private final AtomicLong bytesRead = new AtomicLong();
        private final AtomicLong bytesWritten = new AtomicLong();

        Slow(CloudStorage inner, long latency, Path stats) {
            this.inner = inner;
            this.latency = latency;
            this.stats = stats;
        }

        private void call(AtomicLong counter) {
            counter.incrementAndGet();
            if (latency > 0) {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            call(lists);
            return inner.list(prefix);
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            call(reads);
            Optional<RemoteObject> read = inner.read(path, maxBytes);
            read.ifPresent(o -> bytesRead.addAndGet(o.bytes().length));
            return read;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            call(writes);
            Revision written = inner.write(path, bytes, condition);
            bytesWritten.addAndGet(bytes.length);
            return written;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            call(deletes);
            inner.delete(path, condition);
        }

        @Override
        public Set<Capability> capabilities() {
            return inner.capabilities();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
            if (stats != null) {
                String line = String.format("lists=%d reads=%d writes=%d deletes=%d bytesRead=%d bytesWritten=%d%n",
                        lists.get(), reads.get(), writes.get(), deletes.get(), bytesRead.get(), bytesWritten.get());
                try {
                    Files.writeString(stats, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the benchmark's call counts to " + stats, e);
                }
            }
        }
    }
}
