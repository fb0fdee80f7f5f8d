package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import io.tinywide.chatsync.core.port.out.AuthenticationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth client (of type "Desktop app") that the consent flow runs as. Google's documentation for
 * installed apps has the developer download it as {@code client_secret_….json}
 * ({@code {"installed": {"client_id", "client_secret", …}}}); the "secret" of an installed app is not
 * confidential, but chatsync still keeps it out of remote URIs. Looked for, in order: the remote's option
 * {@code clientSecrets=FILE}; the file named by {@code CHATSYNC_GDRIVE_CLIENT_SECRETS};
 * {@code CHATSYNC_GDRIVE_CLIENT_ID} with {@code CHATSYNC_GDRIVE_CLIENT_SECRET}; and
 * {@code $XDG_CONFIG_HOME/chatsync/gdrive-client.json} (else {@code ~/.config/chatsync/}).
 */
record ClientSecrets(String clientId, String clientSecret) {

    static ClientSecrets find(GDriveSettings settings, Map<String, String> env) {
        Optional<Path> file = settings.clientSecrets()
                .or(() -> Optional.ofNullable(env.get("CHATSYNC_GDRIVE_CLIENT_SECRETS")).map(Path::of));
        if (file.isPresent()) {
            return read(file.get());
        }
        String id = env.get("CHATSYNC_GDRIVE_CLIENT_ID");
        String secret = env.get("CHATSYNC_GDRIVE_CLIENT_SECRET");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return new ClientSecrets(id.strip(), secret.strip());
        }
        Path fallback = GDriveSettings.defaultClientSecrets(env);
        if (Files.isRegularFile(fallback)) {
            return read(fallback);
        }
        throw new AuthenticationException("gdrive: no OAuth client to authorize with. Create one of type 'Desktop "
                + "app' in the Google Cloud console (APIs & Services > Credentials, with the Drive API enabled), "
                + "download its JSON and save it as " + fallback + ", or set CHATSYNC_GDRIVE_CLIENT_SECRETS=FILE, or "
                + "CHATSYNC_GDRIVE_CLIENT_ID and CHATSYNC_GDRIVE_CLIENT_SECRET; see provider-gdrive's README", null);
    }

    static ClientSecrets read(Path file) {
        GenericJson json;
        try (InputStream in = Files.newInputStream(file)) {
            json = GsonFactory.getDefaultInstance().createJsonParser(in, StandardCharsets.UTF_8)
                    .parse(GenericJson.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthenticationException("gdrive: cannot read the OAuth client file " + file + " ("
                    + e.getMessage() + "); download it again from the Google Cloud console", e);
        }
        Object installed = json.get("installed");
        Map<?, ?> fields = installed instanceof Map<?, ?> m ? m : json;
        Object id = fields.get("client_id");
        Object secret = fields.get("client_secret");
        if (!(id instanceof String) || !(secret instanceof String)) {
            throw new AuthenticationException("gdrive: the OAuth client file " + file + " has no installed app's "
                    + "client_id and client_secret; create the client as type 'Desktop app' and download its JSON",
                    null);
        }
        return new ClientSecrets((String) id, (String) secret);
    }

    @Override
    public String toString() {
        return "ClientSecrets[" + clientId + "]"; // the secret stays out of logs
    }
}
