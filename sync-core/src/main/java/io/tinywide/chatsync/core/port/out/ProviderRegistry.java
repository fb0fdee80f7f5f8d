package io.tinywide.chatsync.core.port.out;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the {@link StorageProvider}s on the class path or module path, in the manner of SLF4J 2:
 * each provider is loaded on its own, so one broken jar is reported and skipped rather than fatal;
 * an unknown id fails with the ids that are available; two providers claiming one id fail on
 * lookup of that id, naming both classes, never silently shadowing one another.
 */
public final class ProviderRegistry {
    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());
    static final String NONE_FOUND = "no storage provider was found on the class path or module path; "
            + "add a provider jar such as provider-localfs or provider-s3";

    private final Map<String, List<StorageProvider>> byId;

    private ProviderRegistry(List<StorageProvider> providers) {
        Map<String, List<StorageProvider>> map = new LinkedHashMap<>();
        providers.stream().sorted(Comparator.comparing(StorageProvider::id))
                .forEach(p -> map.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p));
        this.byId = map;
        map.forEach((id, list) -> {
            if (list.size() > 1) {
                LOG.log(System.Logger.Level.WARNING, duplicateMessage(id, list));
            }
        });
    }

    /** The providers visible to the thread's context class loader (or this class's loader). */
    public static ProviderRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : ProviderRegistry.class.getClassLoader());
    }

    /** The providers visible to a class loader, and on the module path. */
    public static ProviderRegistry load(ClassLoader loader) {
        List<StorageProvider> found = new ArrayList<>();
        Iterator<StorageProvider> it = ServiceLoader.load(StorageProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "a storage provider could not be loaded and was skipped: "
                        + e.getMessage(), e);
            }
        }
        return new ProviderRegistry(found);
    }

    /** A registry of exactly these providers, for tests and embedders that wire by hand. */
    public static ProviderRegistry of(StorageProvider... providers) {
        return new ProviderRegistry(List.of(providers));
    }

    /** Every provider found, sorted by id (duplicates included). */
    public List<StorageProvider> providers() {
        return byId.values().stream().flatMap(List::stream).toList();
    }

    /** The provider with this id, if exactly one has it. */
    public Optional<StorageProvider> find(String id) {
        List<StorageProvider> list = byId.getOrDefault(id, List.of());
        if (list.size() > 1) {
            throw new IllegalStateException(duplicateMessage(id, list));
        }
        return list.stream().findFirst();
    }

    /**
     * The provider with this id.
     *
     * @throws IllegalArgumentException naming the ids that are available, if none has it
     * @throws IllegalStateException    naming both classes, if two claim it
     */
    public StorageProvider require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(byId.isEmpty() ? NONE_FOUND
                : "no storage provider with id '" + id + "'; available: " + String.join(", ", byId.keySet())
                + ". Add the provider's jar to use it"));
    }

    /**
     * The provider for a remote URI, by its scheme ({@code file:}, {@code s3:}, ...).
     *
     * @throws IllegalArgumentException naming the schemes that are available, if none matches, or
     *     if the URI carries credentials ({@link ProviderConfig#fromUri})
     */
    public StorageProvider forUri(URI uri) {
        ProviderConfig.refuseCredentials(uri.toString());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        List<StorageProvider> matching = providers().stream().filter(p -> p.uriSchemes().contains(scheme)).toList();
        if (matching.size() > 1) {
            throw new IllegalStateException(duplicateMessage("scheme " + scheme, matching));
        }
        if (matching.isEmpty()) {
            String schemes = providers().stream().flatMap(p -> p.uriSchemes().stream()).sorted().distinct()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException(byId.isEmpty() ? NONE_FOUND : "no storage provider for remote '" + uri
                    + "'" + (scheme.isEmpty() ? " (it has no scheme)" : " (scheme '" + scheme + "')")
                    + "; available schemes: " + schemes);
        }
        return matching.get(0);
    }

    private static String duplicateMessage(String id, List<StorageProvider> list) {
        return "several storage providers claim " + id + ": " + list.stream().map(p -> p.getClass().getName())
                .collect(Collectors.joining(", ")) + "; remove all but one of their jars";
    }
}
