package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.UserCredentials;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The long-lived authorization that {@code chatsync auth gdrive} stores: a JSON file in Google's
 * {@code authorized_user} format ({@code type}, {@code client_id}, {@code client_secret},
 * {@code refresh_token}), the one {@code gcloud auth application-default login} writes and
 * google-auth-library reads, readable by its owner only (mode 0600).
 */
final class StoredAuthorization {
    private StoredAuthorization() {
    }

    /** The refresh token and its client, as credentials that refresh themselves at the token endpoint. */
    static UserCredentials load(Path file, URI tokenUri, HttpTransport transport) {
        GenericJson json;
        try (InputStream in = Files.newInputStream(file)) {
            json = GsonFactory.getDefaultInstance().createJsonParser(in, StandardCharsets.UTF_8)
                    .parse(GenericJson.class);
        } catch (NoSuchFileException e) {
            throw new AuthenticationException("gdrive: no Google Drive authorization at " + file + "; run 'chatsync "
                    + "auth gdrive' first (or name the file with the remote option credentials=FILE)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthenticationException("gdrive: the authorization file " + file + " cannot be read ("
                    + e.getMessage() + "); run 'chatsync auth gdrive' again", e);
        }
        String clientId = text(json, "client_id");
        String secret = text(json, "client_secret");
        String refresh = text(json, "refresh_token");
        if (clientId == null || secret == null || refresh == null) {
            throw new AuthenticationException("gdrive: the authorization file " + file + " lacks client_id, "
                    + "client_secret or refresh_token; run 'chatsync auth gdrive' again", null);
        }
        return UserCredentials.newBuilder().setClientId(clientId).setClientSecret(secret).setRefreshToken(refresh)
                .setTokenServerUri(tokenUri).setHttpTransportFactory(() -> transport).build();
    }

    private static String text(GenericJson json, String key) {
        Object v = json.get(key);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    /** Writes the file so that it is never, even for a moment, readable by anyone but its owner. */
    static void save(Path file, String clientId, String clientSecret, String refreshToken) {
        GenericJson json = new GenericJson();
        json.setFactory(GsonFactory.getDefaultInstance());
        json.set("type", "authorized_user").set("client_id", clientId).set("client_secret", clientSecret)
                .set("refresh_token", refreshToken);
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            createPrivate(tmp);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(json.toPrettyString());
                w.write('\n');
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StorageException("gdrive: cannot store the authorization in " + file + " (" + e.getMessage()
                    + "); name another file with the remote option credentials=FILE", e);
        }
    }

    private static void createPrivate(Path file) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
            Files.createFile(file);
        }
    }
}
