package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.fake.dropbox.FakeDropbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A Dropbox account on the fake, reached through the real SDK: credentials, providers, storages. */
final class FakeAccount implements AutoCloseable {
    /** Short back-offs, so retried faults cost milliseconds; the retry logic is the real one. */
    static final Duration TEST_BACKOFF = Duration.ofMillis(20);

    final FakeDropbox fake;

    FakeAccount(FakeDropbox fake) {
        this.fake = fake;
    }

    @Override
    public void close() {
        fake.close();
    }

    static FakeAccount start() {
        return new FakeAccount(FakeDropbox.start());
    }

    DbxCredential credential() {
        FakeDropbox.Grant grant = fake.grant();
        return new DbxCredential(grant.accessToken(), grant.expiresAt(), grant.refreshToken(), fake.appKey());
    }

    DropboxProvider provider() {
        return provider(credential());
    }

    static DropboxProvider provider(DbxCredential credential) {
        return new DropboxProvider(name -> null, credential, TEST_BACKOFF);
    }

    ProviderConfig config(String root, String... options) {
        Map<String, String> map = new HashMap<>();
        map.put("endpoint", fake.endpoint().toString());
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new ProviderConfig("", root, map);
    }

    CloudStorage open(String root, String... options) {
        return provider().open(config(root, options));
    }

    /** An endpoint where nothing listens: a port that was free a moment ago. */
    static String closedEndpoint() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
