package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.DbxRequestConfig;
import com.dropbox.core.http.HttpRequestor;
import com.dropbox.core.http.StandardHttpRequestor;
import com.dropbox.core.oauth.DbxCredential;
import com.dropbox.core.v2.DbxClientV2;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dropbox as a chatsync remote: a folder in the app folder of the user's Dropbox, on the official
 * Dropbox Core SDK for Java.
 *
 * <p>Remote URI: {@code dropbox:} (files under {@code /Apps/<your app>/tinywide/messaging}), or
 * {@code dropbox:/folder} for a folder inside the app folder, with options
 * {@code endpoint=URL} (a Dropbox-compatible server such as the project's fake),
 * {@code credential=FILE}, {@code listLimit=N}, {@code chunkBytes=N} and {@code retries=N}.
 *
 * <p>Authorization: {@code chatsync auth dropbox} runs the PKCE flow once with the app key from
 * {@code CHATSYNC_DROPBOX_APP_KEY} (or the system property {@code chatsync.dropbox.appKey}) and
 * stores the refresh credential at {@code $XDG_CONFIG_HOME/chatsync/dropbox-credential.json} (else
 * {@code ~/.config/chatsync/dropbox-credential.json}), mode 0600; {@link #open} reads it and the SDK
 * renews access tokens. An application with its own sign-in passes its {@link DbxCredential} to
 * {@link #DropboxProvider(DbxCredential)} instead.
 */
public final class DropboxProvider implements StorageProvider {
    /** This provider's id. */
    public static final String ID = "dropbox";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final Function<String, String> env;
    private final DbxCredential credential;
    private final Duration firstBackoff;

    /** The provider as ServiceLoader creates it: the credential from the file {@code chatsync auth dropbox} wrote. */
    public DropboxProvider() {
        this(System::getenv, null, FIRST_BACKOFF);
    }

    /** A provider with the embedding application's own credential (the SDK renews it when it can). */
    public DropboxProvider(DbxCredential credential) {
        this(System::getenv, Objects.requireNonNull(credential, "credential"), FIRST_BACKOFF);
    }

    /** For tests: a given environment, credential (or null for the file) and first back-off. */
    DropboxProvider(Function<String, String> env, DbxCredential credential, Duration firstBackoff) {
        this.env = env;
        this.credential = credential;
        this.firstBackoff = firstBackoff;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Dropbox (app folder)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS, Capability.CONDITIONAL_DELETE);
    }

    @Override
    public Optional<Authorization> authorization() {
        return Optional.of(new DropboxAuthorization(env));
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        DropboxSettings settings = DropboxSettings.from(config, env);
        DbxCredential stored = credential != null ? credential : CredentialFile.load(settings.credential());
        return new DropboxStorage(new DbxClientV2(requestConfig(settings), stored), settings, firstBackoff);
    }

    /** The SDK's settings: the JDK's HTTP client, no SDK retries (the storage retries), the endpoint if any. */
    static DbxRequestConfig requestConfig(DropboxSettings settings) {
        HttpRequestor http = new StandardHttpRequestor(StandardHttpRequestor.Config.builder()
                .withConnectTimeout(20, TimeUnit.SECONDS).withReadTimeout(2, TimeUnit.MINUTES).build());
        if (settings.endpoint().isPresent()) {
            http = new EndpointRequestor(http, settings.endpoint().get());
        }
        return DbxRequestConfig.newBuilder("chatsync").withHttpRequestor(http).withAutoRetryDisabled().build();
    }
}
