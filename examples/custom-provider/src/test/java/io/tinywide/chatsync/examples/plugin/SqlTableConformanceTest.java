package io.tinywide.chatsync.examples.plugin;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.StorageProviderVerification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The sqltable provider against the whole sync-tck kit, exactly as a third party runs it: storage
 * rules and engine conformance. Every test opens its storages on one SQLite file, as an app's
 * devices would share one database; the kit gives each test its own root.
 */
class SqlTableConformanceTest {
    @TempDir
    static Path base;

    static String databaseUrl() {
        return "jdbc:sqlite:" + base.resolve("app.db");
    }

    static CloudStorage open(String root) {
        return new SqlTableProvider().open(new ProviderConfig(databaseUrl(), root, Map.of()));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected StorageProvider provider() {
            return new SqlTableProvider();
        }

        /**
         * A database file whose parent is a regular file, so no connection can ever open: every
         * call fails, as with a database server that is down. Built without {@code open}, which
         * would rightly refuse it at once.
         */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() throws Exception {
            Path blocker = Files.writeString(Files.createTempFile(base, "not-a-folder", ""), "x");
            return Optional.of(new SqlTableStorage("jdbc:sqlite:" + blocker.resolve("app.db"), "tinywide/messaging"));
        }

        // createUnauthorizedStorage() stays empty: SQLite has no logins to refuse, so R9.2 is skipped.
    }

    @Nested
    class Engine extends EngineConformanceVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }
    }
}
