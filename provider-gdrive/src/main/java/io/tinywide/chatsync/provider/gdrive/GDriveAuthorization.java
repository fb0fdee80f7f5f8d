package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.DriveScopes;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.TransientStorageException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Google's OAuth 2.0 flow for installed apps, as {@code chatsync auth gdrive} runs it: a consent URL
 * with PKCE (S256) and a loopback redirect to a listener on {@code 127.0.0.1} at a random port; on a
 * machine without a browser the user opens the URL elsewhere and pastes the address the browser was
 * sent to (or just its code). The code is exchanged for a refresh token, which is stored with its
 * client in {@link StoredAuthorization}'s file, mode 0600. Scope: {@code drive.appdata} only.
 */
final class GDriveAuthorization implements Authorization {
    private final Map<String, String> env;
    private final Duration patience;

    GDriveAuthorization(Map<String, String> env, Duration patience) {
        this.env = env;
        this.patience = patience;
    }

    @Override
    public Path authorize(ProviderConfig config, Dialog dialog) {
        GDriveSettings settings = GDriveSettings.from(config, env);
        ClientSecrets client = ClientSecrets.find(settings, env);
        NetHttpTransport transport = new NetHttpTransport();
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow.Builder(
                BearerToken.authorizationHeaderAccessMethod(), transport, GsonFactory.getDefaultInstance(),
                new GenericUrl(settings.tokenUri()), new ClientParametersAuthentication(client.clientId(),
                client.clientSecret()), client.clientId(), settings.authorizationUri().toString())
                .setScopes(List.of(DriveScopes.DRIVE_APPDATA)).enablePKCE().build();
        String state = random();
        try (Loopback loopback = Loopback.start(state)) {
            AuthorizationCodeRequestUrl url = flow.newAuthorizationUrl().setRedirectUri(loopback.redirectUri)
                    .setState(state);
            // offline: a refresh token; consent: a new one even if this client was authorized before
            url.set("access_type", "offline");
            url.set("prompt", "consent");
            dialog.say("Open this address in a browser and allow chatsync to keep its (encrypted) files in your "
                    + "Google Drive's hidden app folder:");
            dialog.say("");
            dialog.say("  " + url.build());
            dialog.say("");
            dialog.say("Waiting for the browser to come back to " + loopback.redirectUri + " ... On a machine "
                    + "without a browser, open the address on another one; when that browser then fails to load "
                    + loopback.redirectUri + "?..., copy the whole address from its address bar and paste it here.");
            askInBackground(dialog, loopback);
            String code = loopback.awaitCode(patience);
            TokenResponse tokens = flow.newTokenRequest(code).setRedirectUri(loopback.redirectUri).execute();
            if (tokens.getRefreshToken() == null) {
                throw new AuthenticationException("gdrive: Google granted access but gave no refresh token; remove "
                        + "chatsync's access at https://myaccount.google.com/permissions and run 'chatsync auth "
                        + "gdrive' again", null);
            }
            StoredAuthorization.save(settings.credentials(), client.clientId(), client.clientSecret(),
                    tokens.getRefreshToken());
            return settings.credentials();
        } catch (TokenResponseException e) {
            String error = e.getDetails() == null ? e.getStatusCode() + "" : e.getDetails().getError();
            throw new AuthenticationException("gdrive: Google refused the authorization code (" + error + "); run "
                    + "'chatsync auth gdrive' again and finish within a few minutes", e);
        } catch (IOException e) {
            throw new TransientStorageException("gdrive: cannot reach Google's token endpoint " + settings.tokenUri()
                    + " (" + e.getMessage() + "); check the network and run 'chatsync auth gdrive' again", e);
        }
    }

    /** Whoever answers first: the browser at the loopback address, or a line pasted by the user. */
    private static void askInBackground(Dialog dialog, Loopback loopback) {
        Thread asker = new Thread(() -> {
            try {
                String line = dialog.ask("Address (or code), if the browser is elsewhere:");
                loopback.pasted(line);
            } catch (RuntimeException noInput) {
                // nobody can type here: the browser's return to the loopback address is the only way
            }
        }, "gdrive-auth-paste");
        asker.setDaemon(true);
        asker.start();
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The listener on 127.0.0.1 that the consent page redirects to. */
    private static final class Loopback implements AutoCloseable {
        private final HttpServer server;
        private final String state;
        final String redirectUri;
        private final CompletableFuture<String> code = new CompletableFuture<>();

        private Loopback(HttpServer server, String state) {
            this.server = server;
            this.state = state;
            this.redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        static Loopback start(String state) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            Loopback loopback = new Loopback(server, state);
            server.createContext("/", loopback::handle);
            server.start();
            return loopback;
        }

        private void handle(HttpExchange x) throws IOException {
            try (x) {
                String outcome = accept(query(x.getRequestURI().getRawQuery()));
                byte[] page = ("<!doctype html><title>chatsync</title><p>" + outcome + "</p>")
                        .getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                x.sendResponseHeaders(200, page.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(page);
                }
            }
        }

        /** A redirect's (or a pasted address's) parameters; returns what to tell the browser. */
        private String accept(Map<String, String> q) {
            if (q.containsKey("error")) {
                code.completeExceptionally(new AuthenticationException("gdrive: the consent was not given ("
                        + q.get("error") + "); run 'chatsync auth gdrive' again and allow access", null));
                return "chatsync was not authorized (" + q.get("error") + "). You can close this tab.";
            }
            if (!state.equals(q.get("state")) || !q.containsKey("code")) {
                return "This address does not belong to the authorization chatsync is waiting for.";
            }
            code.complete(q.get("code"));
            return "chatsync is authorized. You can close this tab and go back to the terminal.";
        }

        void pasted(String line) {
            String text = line.strip();
            int q = text.indexOf('?');
            if (q >= 0 || text.contains("code=")) {
                accept(query(q >= 0 ? text.substring(q + 1) : text));
            } else if (!text.isEmpty()) {
                code.complete(text); // the bare code, as some browsers show it
            }
        }

        String awaitCode(Duration patience) {
            try {
                return code.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AuthenticationException("gdrive: no answer from the browser within " + patience.toMinutes()
                        + " minutes; run 'chatsync auth gdrive' again", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException a) {
                    throw a;
                }
                throw new AuthenticationException("gdrive: the authorization failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuthenticationException("gdrive: interrupted while waiting for the browser", e);
            }
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> out = new HashMap<>();
            if (raw == null) {
                return out;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

}
