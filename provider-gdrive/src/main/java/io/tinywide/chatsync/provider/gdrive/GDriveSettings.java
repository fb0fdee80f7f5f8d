package io.tinywide.chatsync.provider.gdrive;

import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one Google Drive remote, read from a {@link ProviderConfig}: the location (an optional
 * folder inside the app's {@code appDataFolder}) and root, and the options {@code endpoint} (a
 * Drive-compatible server such as the project's fake), {@code credentials} (the stored authorization),
 * {@code clientSecrets} (the OAuth client for {@code chatsync auth gdrive}) and {@code pageSize}.
 * Secrets are never settings: they live in the files these options name.
 *
 * @param folders     the folders under {@code appDataFolder} that hold the root, outermost first
 * @param endpoint    a Drive-compatible server's root URL, or empty for Google
 * @param credentials the stored authorization ({@code authorized_user} JSON)
 * @param clientSecrets the OAuth client's file for the consent flow, if one was named
 * @param pageSize    files per listing page, 1 to 1000
 */
record GDriveSettings(List<String> folders, Optional<URI> endpoint, Path credentials, Optional<Path> clientSecrets,
                      int pageSize) {

    private static final Set<String> KNOWN = Set.of("endpoint", "credentials", "clientSecrets", "pageSize");

    /** Where {@code chatsync auth gdrive} keeps the authorization unless told otherwise. */
    static Path defaultCredentials(Map<String, String> env) {
        return configDirectory(env).resolve("gdrive-credentials.json");
    }

    /** Where the OAuth client's file is looked for unless told otherwise. */
    static Path defaultClientSecrets(Map<String, String> env) {
        return configDirectory(env).resolve("gdrive-client.json");
    }

    private static Path configDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("chatsync");
    }

    static GDriveSettings from(ProviderConfig config, Map<String, String> env) {
        for (String key : config.options().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new StorageException("gdrive: unknown option '" + key + "'; known options: " + KNOWN
                        + " (tokens never go in the URI: run 'chatsync auth gdrive')");
            }
        }
        List<String> folders = new ArrayList<>();
        for (String part : (config.location() + "/" + config.root()).split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new StorageException("gdrive: the remote's folder '" + config.location() + "/" + config.root()
                        + "' has a '" + part + "' segment; name folders inside appDataFolder plainly");
            }
            if (!part.isEmpty()) {
                folders.add(part);
            }
        }
        Optional<URI> endpoint = config.option("endpoint").map(GDriveSettings::endpoint);
        Path credentials = config.option("credentials").or(() -> Optional.ofNullable(
                env.get("CHATSYNC_GDRIVE_CREDENTIALS"))).map(Path::of).orElseGet(() -> defaultCredentials(env));
        Optional<Path> clientSecrets = config.option("clientSecrets").map(Path::of);
        int pageSize = config.option("pageSize").map(GDriveSettings::pageSize).orElse(1000);
        return new GDriveSettings(List.copyOf(folders), endpoint, credentials, clientSecrets, pageSize);
    }

    /** The root URL for the Drive client: Google's, or the endpoint's with a trailing slash. */
    String rootUrl() {
        return endpoint.map(URI::toString).map(u -> u.endsWith("/") ? u : u + "/")
                .orElse("https://www.googleapis.com/");
    }

    /** Google's token endpoint, or the endpoint's {@code token}. */
    URI tokenUri() {
        return endpoint.map(e -> URI.create(rootUrl()).resolve("token"))
                .orElse(URI.create("https://oauth2.googleapis.com/token"));
    }

    /** Google's consent page for installed apps, or the endpoint's {@code o/oauth2/auth}. */
    URI authorizationUri() {
        return endpoint.map(e -> URI.create(rootUrl()).resolve("o/oauth2/auth"))
                .orElse(URI.create("https://accounts.google.com/o/oauth2/auth"));
    }

    private static URI endpoint(String value) {
        return ProviderConfig.httpEndpoint("gdrive", value, "http://127.0.0.1:9000/",
                "tokens never go in the URI: run 'chatsync auth gdrive'");
    }

    private static int pageSize(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new StorageException("gdrive: option pageSize must be a whole number from 1 to 1000, not '" + value
                + "'");
    }
}
