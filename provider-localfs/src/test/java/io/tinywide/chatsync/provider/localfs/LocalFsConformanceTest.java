package io.tinywide.chatsync.provider.localfs;

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

/** provider-localfs against the whole sync-tck kit: storage rules and engine conformance. */
class LocalFsConformanceTest {
    @TempDir
    static Path base;

    static CloudStorage open(String root) {
        return new LocalFsProvider().open(new ProviderConfig(base.toString(), root, Map.of()));
    }

    @Nested
    class Storage extends StorageProviderVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }

        @Override
        protected StorageProvider provider() {
            return new LocalFsProvider();
        }

        /** A folder whose parent is a regular file: every call fails, as on a broken mount. */
        @Override
        protected Optional<CloudStorage> createUnreachableStorage() throws Exception {
            Path blocker = Files.writeString(Files.createTempFile(base, "not-a-folder", ""), "x");
            return Optional.of(new LocalFsStorage(blocker.resolve("root")));
        }
    }

    @Nested
    class Engine extends EngineConformanceVerification {
        @Override
        protected CloudStorage createStorage(String root) {
            return open(root);
        }
    }
}
