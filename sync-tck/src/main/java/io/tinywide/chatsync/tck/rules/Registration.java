package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static io.tinywide.chatsync.tck.rules.Expect.fail;

/**
 * R1.2 looks at the provider's own jar (or classes folder): its {@code META-INF/services} file for the
 * class path, and its module descriptor for the module path, read as {@link ModuleFinder} reads it when
 * the jar is on the module path. Whatever path the kit itself runs on, both registrations are checked.
 */
final class Registration {
    private static final String SERVICE = StorageProvider.class.getName();
    private static final String SERVICES_FILE = "META-INF/services/" + SERVICE;

    private Registration() {
    }

    static void requireBothRegistrations(Class<?> provider) throws IOException {
        Path location = location(provider);
        List<String> listed = servicesFile(location);
        if (!listed.contains(provider.getName())) {
            throw fail("%s has no %s naming %s%s: on the class path ServiceLoader does not find the provider",
                    location, SERVICES_FILE, provider.getName(), listed.isEmpty() ? "" : " (it names " + listed + ")");
        }
        ModuleDescriptor module = provider.getModule().isNamed() ? provider.getModule().getDescriptor()
                : descriptor(location);
        boolean provides = module.provides().stream().anyMatch(p -> p.service().equals(SERVICE)
                && p.providers().contains(provider.getName()));
        if (!provides) {
            throw fail("%s is module '%s', whose module-info.java lacks 'provides %s with %s': on the module path "
                    + "ServiceLoader ignores META-INF/services and does not find the provider", location, module.name(),
                    SERVICE, provider.getName());
        }
    }

    private static Path location(Class<?> provider) {
        CodeSource source = provider.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw fail("cannot tell which jar %s was loaded from, so its registrations cannot be checked",
                    provider.getName());
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw fail("%s was loaded from %s, which is no jar or folder, so its registrations cannot be checked",
                    provider.getName(), source.getLocation());
        }
    }

    /** The class names in the services file of the jar or folder; empty if it has none. */
    private static List<String> servicesFile(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            Path file = location.resolve(SERVICES_FILE);
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return classNames(in);
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            ZipEntry entry = jar.getEntry(SERVICES_FILE);
            if (entry == null) {
                return List.of();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return classNames(in);
            }
        }
    }

    private static List<String> classNames(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return reader.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    /** The descriptor the jar or folder has on the module path: its module-info, or an automatic module's. */
    private static ModuleDescriptor descriptor(Path location) {
        if (Files.isDirectory(location) && !Files.isRegularFile(location.resolve("module-info.class"))) {
            throw fail("%s has no module-info.class: a folder of classes without one cannot be on the module path; "
                    + "add module-info.java with 'provides %s with ...'", location, SERVICE);
        }
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(location).findAll();
        } catch (FindException e) {
            throw fail("%s cannot be on the module path: %s", location, e.getMessage());
        }
        if (found.size() != 1) {
            throw fail("%s is not one module on the module path (found %d)", location, found.size());
        }
        return found.iterator().next().descriptor();
    }
}
