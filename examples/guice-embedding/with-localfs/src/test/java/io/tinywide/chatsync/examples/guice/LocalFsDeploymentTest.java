package io.tinywide.chatsync.examples.guice;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The messenger deployed with provider-localfs: the shared scenario through a folder. */
class LocalFsDeploymentTest extends BackendScenario {
    @TempDir
    Path folders;

    @Override
    protected String expectedProvider() {
        return "localfs";
    }

    @Override
    protected String newRemote() throws Exception {
        return Files.createDirectory(folders.resolve(UUID.randomUUID().toString())).toUri().toString();
    }

    @Override
    protected Set<String> filesIn(String remote) throws Exception {
        Path root = Path.of(java.net.URI.create(remote)).resolve("tinywide/messaging");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
    }
}
