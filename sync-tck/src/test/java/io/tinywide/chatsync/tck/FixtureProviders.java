package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Provider jars built at test time, as a provider's build makes them, so that the registration rule
 * R1.2 reads real jars: one registered both ways, one without its services file, one whose
 * module-info lacks {@code provides}. Each jar is loaded by a class loader of its own.
 */
final class FixtureProviders {
    private static final String SERVICE = StorageProvider.class.getName();
    private static final String PROVIDER = """
            package fixture;

            import io.tinywide.chatsync.core.port.out.Capability;
            import io.tinywide.chatsync.core.port.out.CloudStorage;
            import io.tinywide.chatsync.core.port.out.ProviderConfig;
            import io.tinywide.chatsync.core.port.out.StorageProvider;
            import java.util.EnumSet;
            import java.util.Set;

            public final class %s implements StorageProvider {
                public String id() { return "%s"; }
                public String displayName() { return "Kit fixture"; }
                public Set<Capability> capabilities() { return EnumSet.allOf(Capability.class); }
                public CloudStorage open(ProviderConfig config) { throw new UnsupportedOperationException(); }
            }
            """;

    private static Path dir;

    private FixtureProviders() {
    }

    /** A provider with well-formed metadata, registered both ways. */
    static StorageProvider good() {
        return load("both-registrations.jar", "fixture.GoodProvider");
    }

    /** Registered both ways, but its id is not lower-case. */
    static StorageProvider badId() {
        return load("both-registrations.jar", "fixture.BadIdProvider");
    }

    /** Its module-info provides it; its jar has no services file. */
    static StorageProvider withoutServicesFile() {
        return load("no-services-file.jar", "fixture.GoodProvider");
    }

    /** Its services file names it; its module-info has no {@code provides}. */
    static StorageProvider withoutProvides() {
        return load("no-provides.jar", "fixture.GoodProvider");
    }

    private static synchronized StorageProvider load(String jar, String className) {
        try {
            if (dir == null) {
                dir = build();
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve(jar).toUri().toURL()},
                    FixtureProviders.class.getClassLoader());
            return (StorageProvider) loader.loadClass(className).getDeclaredConstructor().newInstance();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the fixture provider jars: " + e, e);
        }
    }

    private static Path build() throws IOException, URISyntaxException {
        Path work = Files.createTempDirectory("tck-fixture-providers");
        work.toFile().deleteOnExit();
        Path withProvides = compile(work.resolve("with"), "provides " + SERVICE
                + " with fixture.GoodProvider, fixture.BadIdProvider;");
        Path withoutProvides = compile(work.resolve("without"), "");
        String services = "fixture.GoodProvider\nfixture.BadIdProvider\n";
        jar(work.resolve("both-registrations.jar"), withProvides, services);
        jar(work.resolve("no-services-file.jar"), withProvides, null);
        jar(work.resolve("no-provides.jar"), withoutProvides, services);
        return work;
    }

    private static Path compile(Path out, String provides) throws IOException, URISyntaxException {
        Path src = out.resolve("src");
        Files.createDirectories(src.resolve("fixture"));
        Files.writeString(src.resolve("module-info.java"), "module tck.fixture { requires io.tinywide.chatsync.core; "
                + provides + " }");
        Files.writeString(src.resolve("fixture/GoodProvider.java"), PROVIDER.formatted("GoodProvider", "tck-fixture"));
        Files.writeString(src.resolve("fixture/BadIdProvider.java"), PROVIDER.formatted("BadIdProvider", "Kit Fixture"));
        Path classes = Files.createDirectories(out.resolve("classes"));
        // sync-core and what its module requires, from wherever the test found them.
        String modulePath = Stream.of(StorageProvider.class.getName(), "com.fasterxml.jackson.databind.ObjectMapper",
                        "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty")
                .map(FixtureProviders::location).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath,
                "-nowarn"));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IOException("no javac in this JDK"));
        java.io.StringWriter errors = new java.io.StringWriter();
        java.io.PrintWriter err = new java.io.PrintWriter(errors);
        int status = javac.run(err, err, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("javac failed for the fixture providers (status " + status + "): " + errors);
        }
        return classes;
    }

    private static String location(String className) {
        try {
            Class<?> type = Class.forName(className);
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void jar(Path jar, Path classes, String services) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> entries = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) entries.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            if (services != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + SERVICE));
                out.write(services.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
