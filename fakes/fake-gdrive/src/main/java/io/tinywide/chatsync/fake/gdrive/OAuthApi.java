package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Google's OAuth 2.0 endpoints for installed apps, for one account and one client: the authorization
 * endpoint ({@code /o/oauth2/auth}, which approves at once and redirects to the app's loopback address
 * with a code, or with {@code error=access_denied} when told to refuse), and the token endpoint
 * ({@code /token}) for the {@code authorization_code} grant (checking PKCE's {@code code_verifier}) and
 * the {@code refresh_token} grant. Errors are Google's: {@code invalid_grant}, {@code invalid_client}.
 */
final class OAuthApi {
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(3599);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    final String clientId;
    final String clientSecret;
    private final Set<String> refreshTokens = new HashSet<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private final Map<String, PendingCode> codes = new HashMap<>();
    private final List<Map<String, String>> authorizationRequests = new ArrayList<>();
    private boolean refuseConsent;

    private record PendingCode(String clientId, String redirectUri, String challenge, String method, String scope) { }

    OAuthApi(Clock clock) {
        this.clock = clock;
        this.clientId = token(12) + ".apps.googleusercontent.com";
        this.clientSecret = "GOCSPX-" + token(21);
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    synchronized String issueRefreshToken() {
        String t = "1//" + token(48);
        refreshTokens.add(t);
        return t;
    }

    synchronized String issueAccessToken(Duration lifetime) {
        String t = "ya29." + token(60);
        accessTokens.put(t, clock.instant().plus(lifetime));
        return t;
    }

    synchronized boolean isValidAccessToken(String token) {
        Instant expiry = accessTokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    synchronized void expireAccessTokens() {
        accessTokens.clear();
    }

    synchronized void revokeAll() {
        accessTokens.clear();
        refreshTokens.clear();
    }

    synchronized void refuseConsent(boolean refuse) {
        this.refuseConsent = refuse;
    }

    synchronized List<Map<String, String>> authorizationRequests() {
        return List.copyOf(authorizationRequests);
    }

    /** {@code GET /o/oauth2/auth}: the consent page, here approving (or refusing) at once. */
    void authorize(Exchange x) throws IOException {
        Map<String, String> q = x.query;
        String redirect = q.getOrDefault("redirect_uri", "");
        if (!clientId.equals(q.get("client_id"))) {
            x.send(401, "text/html; charset=UTF-8", page("Error 401: invalid_client. The OAuth client was not found."));
            return;
        }
        if (!isLoopback(redirect) || !"code".equals(q.get("response_type"))) {
            x.send(400, "text/html; charset=UTF-8", page("Error 400: invalid_request. redirect_uri must be a loopback "
                    + "address and response_type must be code for installed apps."));
            return;
        }
        String location;
        synchronized (this) {
            authorizationRequests.add(Map.copyOf(q));
            String state = q.containsKey("state") ? "&state=" + enc(q.get("state")) : "";
            if (refuseConsent) {
                location = redirect + (redirect.contains("?") ? "&" : "?") + "error=access_denied" + state;
            } else {
                String code = "4/" + token(30);
                codes.put(code, new PendingCode(q.get("client_id"), redirect, q.get("code_challenge"),
                        q.getOrDefault("code_challenge_method", "plain"), q.getOrDefault("scope", "")));
                location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code) + "&scope="
                        + enc(q.getOrDefault("scope", "")) + state;
            }
        }
        x.http.getResponseHeaders().set("Location", location);
        x.send(302, "text/html; charset=UTF-8", page("Moved"));
    }

    private static boolean isLoopback(String redirect) {
        try {
            URI uri = URI.create(redirect);
            return "http".equals(uri.getScheme()) && uri.getHost() != null
                    && (uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost")
                    || uri.getHost().equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code POST /token}. */
    void token(Exchange x) throws IOException {
        Map<String, String> form = x.formBody();
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            oauthError(x, 401, "invalid_client", "Unauthorized");
            return;
        }
        String grant = form.getOrDefault("grant_type", "");
        switch (grant) {
            case "refresh_token" -> {
                boolean known;
                synchronized (this) {
                    known = refreshTokens.contains(form.get("refresh_token"));
                }
                if (!known) {
                    oauthError(x, 400, "invalid_grant", "Token has been expired or revoked.");
                    return;
                }
                x.json(200, tokenResponse(null, "https://www.googleapis.com/auth/drive.appdata"));
            }
            case "authorization_code" -> {
                PendingCode pending;
                synchronized (this) {
                    pending = codes.remove(form.getOrDefault("code", ""));
                }
                if (pending == null || !pending.redirectUri().equals(form.get("redirect_uri"))) {
                    oauthError(x, 400, "invalid_grant", "Bad Request");
                    return;
                }
                if (pending.challenge() != null && !verifies(pending, form.get("code_verifier"))) {
                    oauthError(x, 400, "invalid_grant", "Invalid code verifier.");
                    return;
                }
                x.json(200, tokenResponse(issueRefreshToken(), pending.scope()));
            }
            default -> oauthError(x, 400, "unsupported_grant_type", "Invalid grant_type: " + grant);
        }
    }

    private ObjectNode tokenResponse(String refreshToken, String scope) {
        ObjectNode o = Exchange.JSON.createObjectNode().put("access_token", issueAccessToken(ACCESS_TOKEN_LIFETIME))
                .put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds()).put("scope", scope).put("token_type", "Bearer");
        if (refreshToken != null) {
            o.put("refresh_token", refreshToken).put("refresh_token_expires_in", 604799);
        }
        return o;
    }

    private static boolean verifies(PendingCode pending, String verifier) {
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        if ("plain".equals(pending.method())) {
            return verifier.equals(pending.challenge());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).equals(pending.challenge());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void oauthError(Exchange x, int status, String error, String description) throws IOException {
        x.json(status, Exchange.JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    private static byte[] page(String text) {
        return ("<html><body>" + text + "</body></html>").getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
