package io.tinywide.chatsync.examples.plugin;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the kit does not cover: discovery, remote URIs, secrets in URLs, prefixes with SQL wildcards,
 * and many connections racing on one SQLite file.
 */
class SqlTableProviderTest {
    @TempDir
    Path tmp;

    private String url() {
        return "jdbc:sqlite:" + tmp.resolve("app.db");
    }

    private CloudStorage open(String root) {
        return new SqlTableProvider().open(new ProviderConfig(url(), root, Map.of()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void isFoundByTheProviderRegistryByIdAndByUriScheme() {
        ProviderRegistry registry = ProviderRegistry.load();
        assertThat(registry.require("sqltable")).isInstanceOf(SqlTableProvider.class);
        assertThat(registry.forUri(URI.create("sqltable:jdbc:sqlite:/var/lib/myapp/app.db")))
                .isInstanceOf(SqlTableProvider.class);
    }

    @Test
    void aRemoteUriOpensTheTableInThatDatabase() throws Exception {
        URI remote = URI.create("sqltable:" + url());
        ProviderConfig config = ProviderConfig.fromUri(remote, "chats/root");
        assertThat(config.location()).isEqualTo(url());
        try (CloudStorage s = ProviderRegistry.load().forUri(remote).open(config)) {
            s.write("2024/a.json", utf8("x"), WriteCondition.ifAbsent());
            assertThat(s.describe()).isEqualTo("sqltable:" + url() + "#chats/root");
        }
        // The rows are plain SQL, next to the app's own tables.
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT root, path, size FROM chatsync_files")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("chats/root");
            assertThat(rs.getString(2)).isEqualTo("2024/a.json");
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aDatabaseTheAppAlreadyHasKeepsItsTablesAndTheFilesSurviveReopening() throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE messages (id TEXT PRIMARY KEY, body TEXT)");
            st.execute("INSERT INTO messages VALUES ('m1', 'hi')");
        }
        Revision written;
        try (CloudStorage s = open("tinywide/messaging")) {
            written = s.write("keyring.json", utf8("k"), WriteCondition.ifAbsent());
        }
        try (CloudStorage s = open("tinywide/messaging")) {
            assertThat(s.read("keyring.json").orElseThrow().revision()).isEqualTo(written);
        }
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT body FROM messages WHERE id = 'm1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hi");
        }
    }

    @Test
    void prefixesAreLiteralEvenWithSqlWildcards() {
        try (CloudStorage s = open("tinywide/messaging")) {
            for (String path : new String[] {"a_b/1.json", "axb/2.json", "a%b/3.json", "azzb/4.json", "A_B/5.json"}) {
                s.write(path, utf8(path), WriteCondition.ifAbsent());
            }
            assertThat(s.list("a_b/")).extracting(RemoteEntry::path).containsExactly("a_b/1.json");
            assertThat(s.list("a%b/")).extracting(RemoteEntry::path).containsExactly("a%b/3.json");
            assertThat(s.list("a%")).extracting(RemoteEntry::path).containsExactly("a%b/3.json");
            assertThat(s.list("a")).hasSize(4);
        }
    }

    @Test
    void aFailedConditionSaysWhatItFound() {
        try (CloudStorage s = open("tinywide/messaging")) {
            Revision first = s.write("m.json", utf8("one"), WriteCondition.ifAbsent());
            Revision second = s.write("m.json", utf8("two"), WriteCondition.ifMatch(first));
            assertThatThrownBy(() -> s.write("m.json", utf8("three"), WriteCondition.ifMatch(first)))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                        assertThat(e.expected()).isEqualTo(WriteCondition.ifMatch(first));
                        assertThat(e.actual()).contains(second);
                    });
            assertThatThrownBy(() -> s.write("m.json", utf8("three"), WriteCondition.ifAbsent()))
                    .isInstanceOfSatisfying(PreconditionFailedException.class,
                            e -> assertThat(e.actual()).contains(second));
            assertThatThrownBy(() -> s.delete("m.json", WriteCondition.ifMatch(first)))
                    .isInstanceOfSatisfying(PreconditionFailedException.class,
                            e -> assertThat(e.actual()).contains(second));
            assertThat(s.read("m.json").orElseThrow().bytes()).isEqualTo(utf8("two"));
        }
    }

    /**
     * Many devices doing read, change, compare-and-set on one file: SQLite's busy timeout makes the
     * writers wait their turn, so none fails for a locked database and no increment is lost.
     */
    @Test
    void racingCompareAndSetLosesNoUpdateAndNeverFailsForALockedDatabase() throws Exception {
        List<CloudStorage> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(open("tinywide/messaging"));
        }
        devices.get(0).write("counter", utf8("0"), WriteCondition.ifAbsent());
        int threads = 8;
        int incrementsEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                CloudStorage device = devices.get(t % devices.size());
                done.add(pool.submit(() -> {
                    for (int n = 0; n < incrementsEach; ) {
                        RemoteObject current = device.read("counter").orElseThrow();
                        int value = Integer.parseInt(new String(current.bytes(), StandardCharsets.UTF_8));
                        try {
                            device.write("counter", utf8(Integer.toString(value + 1)),
                                    WriteCondition.ifMatch(current.revision()));
                            n++;
                        } catch (PreconditionFailedException lost) {
                            // another device won this round; read again
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            devices.forEach(CloudStorage::close);
        }
        try (CloudStorage s = open("tinywide/messaging")) {
            assertThat(new String(s.read("counter").orElseThrow().bytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(threads * incrementsEach));
        }
    }

    @Test
    void describeNeverShowsCredentials() {
        assertThat(SqlTableStorage.withoutSecrets("jdbc:sqlite:/var/lib/app.db?journal_mode=WAL"))
                .isEqualTo("jdbc:sqlite:/var/lib/app.db");
        assertThat(SqlTableStorage.withoutSecrets("jdbc:postgresql://db:5432/app?user=chat&password=s3cr3t"))
                .isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(SqlTableStorage.withoutSecrets("jdbc:mysql://chat:s3c@r:et@db:3306/app"))
                .isEqualTo("jdbc:mysql:***@db:3306/app");
        assertThat(SqlTableStorage.withoutSecrets("jdbc:oracle:thin:chat/s3cr3t@//db:1521/app"))
                .isEqualTo("jdbc:oracle:***@//db:1521/app");
        assertThat(SqlTableStorage.withoutSecrets("jdbc:sqlserver://db:1433;databaseName=app;password=s3cr3t"))
                .isEqualTo("jdbc:sqlserver://db:1433");
        assertThat(new SqlTableStorage("jdbc:postgresql://db/app?password=s3cr3t", "r").describe())
                .doesNotContain("s3cr3t").doesNotContainIgnoringCase("password");
    }

    @Test
    void locationsThatCannotBeARemoteAreRefusedAtOpen() throws Exception {
        SqlTableProvider provider = new SqlTableProvider();
        assertThatThrownBy(() -> provider.open(ProviderConfig.of("/var/lib/app.db")))
                .isInstanceOf(StorageException.class).hasMessageContaining("JDBC URL");
        assertThatThrownBy(() -> provider.open(ProviderConfig.of("jdbc:sqlite::memory:")))
                .isInstanceOf(StorageException.class).hasMessageContaining("in-memory");
        assertThatThrownBy(() -> provider.open(ProviderConfig.of("jdbc:nosuchdb://db/app?password=s3cr3t")))
                .isInstanceOf(StorageException.class).hasMessageContaining("no JDBC driver")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        assertThatThrownBy(() -> provider.open(new ProviderConfig(url(), "../outside", Map.of())))
                .isInstanceOf(StorageException.class).hasMessageContaining("root");
        Path blocker = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> provider.open(ProviderConfig.of("jdbc:sqlite:" + blocker.resolve("app.db"))))
                .isInstanceOf(TransientStorageException.class).hasMessageContaining("sqltable:jdbc:sqlite:");
    }

    @Test
    void aClosedStorageRefusesCalls() {
        CloudStorage s = open("tinywide/messaging");
        s.write("a.json", utf8("x"), WriteCondition.ifAbsent());
        s.close();
        assertThatThrownBy(() -> s.read("a.json")).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }
}
