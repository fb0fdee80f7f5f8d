package io.tinywide.chatsync.core.port.out;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {

    /** A provider that opens nothing; only its metadata matters here. */
    public static class FakeProvider implements StorageProvider {
        private final String id;

        public FakeProvider() {
            this("fake");
        }

        FakeProvider(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return "Fake " + id;
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.noneOf(Capability.class);
        }

        @Override
        public Set<String> uriSchemes() {
            return Set.of(id + "-scheme");
        }

        @Override
        public CloudStorage open(ProviderConfig config) {
            throw new UnsupportedOperationException();
        }
    }

    /** Another class claiming the same id, as a second jar would. */
    public static class ImpostorProvider extends FakeProvider {
    }

    /** Listed in a services file but cannot be created. */
    public static class BrokenProvider extends FakeProvider {
        public BrokenProvider() {
            throw new IllegalStateException("this jar is broken");
        }
    }

    @Test
    void findsProvidersByIdAndByUriScheme() {
        ProviderRegistry registry = ProviderRegistry.of(new FakeProvider("b"), new FakeProvider("a"));
        assertThat(registry.providers()).extracting(StorageProvider::id).containsExactly("a", "b");
        assertThat(registry.require("a").displayName()).isEqualTo("Fake a");
        assertThat(registry.forUri(URI.create("b-scheme://x")).id()).isEqualTo("b");
        assertThat(registry.find("zzz")).isEmpty();
    }

    @Test
    void anUnknownIdNamesTheProvidersThatAreAvailable() {
        ProviderRegistry registry = ProviderRegistry.of(new FakeProvider("localfs"), new FakeProvider("s3"));
        assertThatThrownBy(() -> registry.require("dropbox"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no storage provider with id 'dropbox'; available: localfs, s3. Add the provider's jar "
                        + "to use it");
        assertThatThrownBy(() -> registry.forUri(URI.create("ftp://host/dir")))
                .hasMessageContaining("scheme 'ftp'").hasMessageContaining("available schemes: localfs-scheme, s3-scheme");
    }

    @Test
    void noProvidersAtAllSaysWhichJarToAdd() {
        assertThatThrownBy(() -> ProviderRegistry.of().require("localfs"))
                .hasMessage(ProviderRegistry.NONE_FOUND).hasMessageContaining("provider-localfs");
    }

    @Test
    void twoProvidersWithOneIdAreAClearErrorNamingBothClasses() {
        ProviderRegistry registry = ProviderRegistry.of(new FakeProvider(), new ImpostorProvider());
        assertThatThrownBy(() -> registry.require("fake"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several storage providers claim fake")
                .hasMessageContaining(FakeProvider.class.getName())
                .hasMessageContaining(ImpostorProvider.class.getName());
    }

    @Test
    void aBrokenProviderIsSkippedAndTheOthersAreStillFound() throws Exception {
        URL services = getClass().getResource("/broken-provider/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {services}, getClass().getClassLoader())) {
            ProviderRegistry registry = ProviderRegistry.load(loader);
            assertThat(registry.find("fake")).isPresent();
            assertThat(registry.providers()).extracting(p -> p.getClass().getSimpleName())
                    .doesNotContain("BrokenProvider");
        }
    }
}
