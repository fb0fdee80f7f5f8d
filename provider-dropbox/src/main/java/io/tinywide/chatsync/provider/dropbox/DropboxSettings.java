package io.tinywide.chatsync.provider.dropbox;

import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The settings of one Dropbox remote, read from a {@link ProviderConfig}: an optional folder inside the
 * app folder as the location ({@code dropbox:/family}), and the options {@code endpoint},
 * {@code credential}, {@code listLimit}, {@code chunkBytes} and {@code retries}. Secrets are never
 * settings: the app key comes from the environment and the tokens from the credential file.
 *
 * @param folder     the Dropbox path of chatsync's root inside the app folder, such as
 *                   {@code /tinywide/messaging}
 * @param endpoint   a Dropbox-compatible server (the project's fake) instead of Dropbox itself
 * @param credential where the stored authorization is
 * @param listLimit  entries per {@code list_folder} page (Dropbox's {@code limit}, 1 to 2000)
 * @param chunkBytes the size of one upload request: larger files go through an upload session in
 *                   chunks of this size
 * @param retries    how many times a throttled, failed (5xx) or broken call is tried again
 */
record DropboxSettings(String folder, Optional<URI> endpoint, Path credential, int listLimit, int chunkBytes,
                       int retries) {

    /** The environment variable that holds the app key for {@code chatsync auth dropbox}. */
    static final String APP_KEY_VARIABLE = "CHATSYNC_DROPBOX_APP_KEY";
    /** The system property that holds it for an application that embeds chatsync. */
    static final String APP_KEY_PROPERTY = "chatsync.dropbox.appKey";

    static final int MAX_LIST_LIMIT = 2000;
    /** 8 MiB: a multiple of Dropbox's 4 MiB block; the kit's 24 MiB object takes a session of three chunks. */
    static final int DEFAULT_CHUNK_BYTES = 8 << 20;
    /** Dropbox takes at most 150 MiB in one request. */
    static final int MAX_CHUNK_BYTES = 150 << 20;
    static final int MIN_CHUNK_BYTES = 4 << 10;

    private static final Set<String> KNOWN = Set.of("endpoint", "credential", "listLimit", "chunkBytes", "retries");
    private static final Set<String> SECRET_LOOKING = Set.of("appkey", "app_key", "key", "token", "accesstoken",
            "access_token", "refreshtoken", "refresh_token", "secret", "appsecret", "app_secret", "password");

    static DropboxSettings from(ProviderConfig config, Function<String, String> env) {
        for (String key : config.options().keySet()) {
            if (SECRET_LOOKING.contains(key.toLowerCase(Locale.ROOT))) {
                throw new StorageException("dropbox: option '" + key + "' would put a secret in the remote URI, which "
                        + "is printed and stored; chatsync never takes one there: give the app key as "
                        + APP_KEY_VARIABLE + " and run 'chatsync auth dropbox' for the tokens");
            }
            if (!KNOWN.contains(key)) {
                throw new StorageException("dropbox: unknown option '" + key + "'; known options: "
                        + KNOWN.stream().sorted().toList());
            }
        }
        String folder = Stream.concat(segments(config.location()), segments(config.root()))
                .collect(Collectors.joining("/", "/", ""));
        if (folder.equals("/")) {
            // Files directly in the app folder would mix with whatever else the user put there.
            throw new StorageException("dropbox: the remote names no folder inside the app folder; give a root "
                    + "(the default is " + ProviderConfig.DEFAULT_ROOT + ")");
        }
        Optional<URI> endpoint = config.option("endpoint").map(DropboxSettings::endpoint);
        Path credential = config.option("credential").map(DropboxSettings::path)
                .orElseGet(() -> defaultCredential(env));
        return new DropboxSettings(folder, endpoint, credential,
                number(config, "listLimit", MAX_LIST_LIMIT, 1, MAX_LIST_LIMIT),
                number(config, "chunkBytes", DEFAULT_CHUNK_BYTES, MIN_CHUNK_BYTES, MAX_CHUNK_BYTES),
                number(config, "retries", 5, 0, 10));
    }

    /**
     * Where {@code chatsync auth dropbox} stores the authorization when no {@code credential} option
     * names a file: {@code $XDG_CONFIG_HOME/chatsync/dropbox-credential.json}, else
     * {@code ~/.config/chatsync/dropbox-credential.json}.
     */
    static Path defaultCredential(Function<String, String> env) {
        String xdg = env.apply("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("chatsync").resolve("dropbox-credential.json");
    }

    /** The app key for the consent flow: the system property, else the environment variable. */
    static Optional<String> appKey(Function<String, String> env) {
        return Stream.of(System.getProperty(APP_KEY_PROPERTY), env.apply(APP_KEY_VARIABLE))
                .filter(k -> k != null && !k.isBlank()).map(String::strip).findFirst();
    }

    private static Stream<String> segments(String path) {
        return Stream.of(path.split("/")).filter(s -> !s.isEmpty());
    }

    private static URI endpoint(String value) {
        String s = ProviderConfig.httpEndpoint("dropbox", value, "http://127.0.0.1:9001/ (the address the fake prints)",
                "chatsync never takes secrets in a URI").toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new StorageException("dropbox: option credential is not a file path: " + e.getReason());
        }
    }

    private static int number(ProviderConfig config, String option, int fallback, int min, int max) {
        Optional<String> value = config.option(option);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new StorageException("dropbox: option " + option + " must be a whole number from " + min + " to " + max
                + ", not '" + value.get() + "'");
    }
}
