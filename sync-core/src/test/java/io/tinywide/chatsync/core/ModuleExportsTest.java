package io.tinywide.chatsync.core;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The module exports its API and nothing else: the engine, the codec and the crypto stay inside. */
class ModuleExportsTest {

    @Test
    void onlyTheApiIsExported() throws URISyntaxException {
        Path classes = Path.of(ChatSync.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        assertThat(descriptor.name()).isEqualTo("io.tinywide.chatsync.core");

        Map<String, Set<String>> exports = new TreeMap<>();
        for (Exports e : descriptor.exports()) {
            exports.put(e.source().substring("io.tinywide.chatsync.core".length()), e.targets());
        }
        assertThat(exports).containsOnlyKeys("", ".domain", ".port.in", ".port.out", ".store", ".sample");
        assertThat(exports.values()).as("no qualified exports: the API is the same for every module")
                .allSatisfy(targets -> assertThat(targets).isEmpty());
    }
}
