package io.tinywide.chatsync.bench;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.VaultFormat;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sealing (JSON, gzip, AES-GCM) and opening one month's vault file. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"1000", "10000"})
    int messages;

    VaultFormat format;
    ChatVault vault;
    byte[] sealed;
    PartitionKey month = PartitionKey.parse("2020-01");

    @Setup
    public void setUp() {
        PassphraseKeys keys = new PassphraseKeys("bench".toCharArray(), CodecOptions.DEFAULTS.withKdfIterations(1000));
        format = keys.unlock("keyring.json", keys.newKeyring());
        vault = ChatVault.of(month, SampleHistory.generate(month, 1, messages, 60, 2), List.of());
        sealed = format.sealVault(vault, 1).bytes();
    }

    @Benchmark
    public byte[] seal() {
        return format.sealVault(vault, 1).bytes();
    }

    @Benchmark
    public ChatVault open() {
        return format.openVault(month.vaultPath(), month, sealed).vault();
    }
}
