package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.fake.gdrive.FakeDrive;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One fake Google Drive account served in-process, with a stored authorization for it, and storages of
 * the real provider (real Drive client, real google-auth-library refreshes) opened on it.
 */
final class FakeAccount implements AutoCloseable {
    /** Quick back-off, so fault tests do not wait as a user's sync would. */
    static final Retry FAST = new Retry(4, Duration.ofMillis(5), Duration.ofMillis(40));

    final FakeDrive drive;
    final Path dir;
    final Path credentials;
    /** The refresh token stored in {@link #credentials}. */
    final String refreshToken;

    private FakeAccount(FakeDrive drive, Path dir) {
        this.drive = drive;
        this.dir = dir;
        this.credentials = dir.resolve("gdrive-credentials.json");
        this.refreshToken = drive.issueRefreshToken();
        StoredAuthorization.save(credentials, drive.clientId(), drive.clientSecret(), refreshToken);
    }

    static FakeAccount start() throws IOException {
        return new FakeAccount(FakeDrive.start(), Files.createTempDirectory("gdrive-account"));
    }

    /** The environment the provider sees: config files under this account's folder only. */
    Map<String, String> env() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
    }

    GDriveProvider provider(Retry retry) {
        return new GDriveProvider(null, retry, env());
    }

    ProviderConfig config(String root, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of("endpoint", drive.endpoint().toString(),
                "credentials", credentials.toString()));
        all.putAll(options);
        return new ProviderConfig("", root, all);
    }

    CloudStorage open(String root) {
        return open(root, Map.of());
    }

    CloudStorage open(String root, Map<String, String> options) {
        return provider(FAST).open(config(root, options));
    }

    /**
     * Another client of the account (another device, or another program of the same app), through the
     * real Drive client with an access token of its own, for what no storage would do.
     */
    Drive client() {
        String token = drive.issueAccessToken(Duration.ofHours(1));
        return new Drive.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                r -> r.getHeaders().setAuthorization("Bearer " + token)).setRootUrl(drive.endpoint().toString())
                .setApplicationName("another-client").build();
    }

    /** The refresh token of {@link #openUnauthorized}, which the fake never issued. */
    static final String NEVER_ISSUED = "1//never-issued";

    /** A storage whose refresh token the fake never issued: every call is refused. */
    CloudStorage openUnauthorized(String root) {
        Path other = dir.resolve("unknown-token.json");
        StoredAuthorization.save(other, drive.clientId(), drive.clientSecret(), NEVER_ISSUED);
        return provider(FAST).open(config(root, Map.of("credentials", other.toString())));
    }

    /** A storage whose endpoint is a closed loopback port. */
    static CloudStorage openUnreachable(Path credentials) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new GDriveProvider(null, FAST, Map.of()).open(new ProviderConfig("", "unreachable", Map.of(
                "endpoint", "http://127.0.0.1:" + port + "/", "credentials", credentials.toString())));
    }

    @Override
    public void close() {
        drive.close();
    }
}
