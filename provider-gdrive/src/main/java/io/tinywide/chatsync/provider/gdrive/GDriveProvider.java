package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.auth.Credentials;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Google Drive as a chatsync remote: the account's hidden, per-app {@code appDataFolder}, on the official
 * Drive API v3 client.
 *
 * <p>Remote URI: {@code gdrive:} (or {@code gdrive:FOLDER} for a folder inside appDataFolder), with the
 * options {@code endpoint=URL} (a Drive-compatible server, such as the project's fake),
 * {@code credentials=FILE} (the stored authorization, by default
 * {@code $XDG_CONFIG_HOME/chatsync/gdrive-credentials.json}), {@code clientSecrets=FILE} (the OAuth client
 * for {@code chatsync auth gdrive}) and {@code pageSize=N}. The authorization comes from
 * {@code chatsync auth gdrive} ({@link #authorization()}); an application with its own Google sign-in
 * passes its {@link Credentials} to {@link #GDriveProvider(Credentials)} instead.
 *
 * <p>Drive has no conditional update but lets a name hold several files, so this provider keeps
 * versions instead of overwriting (it does not declare {@link Capability#UNIQUE_PATHS}) and loses no
 * update although writers race. Rate limits and server errors are retried with exponential back-off
 * and jitter before anything is reported.
 */
public final class GDriveProvider implements StorageProvider {
    /** This provider's id and URI scheme. */
    public static final String ID = "gdrive";

    private final Credentials credentials;
    private final Retry retry;
    private final Map<String, String> env;

    /** The provider as ServiceLoader creates it: the authorization that {@code chatsync auth gdrive} stored. */
    public GDriveProvider() {
        this(null, Retry.DEFAULT, System.getenv());
    }

    /**
     * A provider with the embedding application's own Google credentials (for example
     * {@code UserCredentials} from its sign-in), which must grant the {@code drive.appdata} scope.
     */
    public GDriveProvider(Credentials credentials) {
        this(Objects.requireNonNull(credentials, "credentials"), Retry.DEFAULT, System.getenv());
    }

    GDriveProvider(Credentials credentials, Retry retry, Map<String, String> env) {
        this.credentials = credentials;
        this.retry = retry;
        this.env = env;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Google Drive (app data folder)";
    }

    /** Checked (not atomic) conditional writes, versions instead of overwrites, exact-version deletes. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CONDITIONAL_DELETE);
    }

    @Override
    public Optional<Authorization> authorization() {
        return Optional.of(new GDriveAuthorization(env, Duration.ofMinutes(10)));
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        GDriveSettings settings = GDriveSettings.from(config, env);
        NetHttpTransport transport = new NetHttpTransport();
        Credentials creds = credentials != null ? credentials
                : StoredAuthorization.load(settings.credentials(), settings.tokenUri(), transport);
        String reauthorize = credentials != null
                ? "the application's Google credentials were refused; sign in to Google again"
                : "run 'chatsync auth gdrive' again to renew it (it is read from " + settings.credentials() + ")";
        Drive drive = new Drive.Builder(transport, GsonFactory.getDefaultInstance(),
                new CredentialsInitializer(creds, Duration.ofSeconds(20), Duration.ofSeconds(60)))
                .setRootUrl(settings.rootUrl()).setApplicationName("chatsync").build();
        return new GDriveStorage(drive, settings, retry, reauthorize);
    }
}
