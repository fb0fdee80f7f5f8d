package io.tinywide.chatsync.fake.dropbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Dropbox's OAuth 2 as an app with PKCE sees it: {@code /oauth2/authorize} hands out a one-time code
 * bound to the code challenge; {@code /oauth2/token} exchanges it (checking the verifier) for a
 * short-lived access token and a long-lived refresh token, and refreshes access tokens. Grants can
 * be revoked and access tokens expired, as a user or Dropbox would.
 */
final class OAuth {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(4);

    private record Code(String appKey, String challenge, boolean offline, Instant expires) {
    }

    private record Access(String refreshToken, Instant expires) {
    }

    /** The answer of the token endpoint: a JSON object, or an OAuth error with its HTTP status. */
    record TokenAnswer(int status, Map<String, Object> body) {
    }

    private final String appKey;
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, Access> accessTokens = new HashMap<>();
    private final Map<String, Boolean> refreshTokens = new HashMap<>(); // token -> revoked

    OAuth(String appKey) {
        this.appKey = appKey;
    }

    String appKey() {
        return appKey;
    }

    /** A consent given at once, as the user clicking "Allow" on the authorize page. */
    synchronized String authorize(String clientId, String challenge, String method, boolean offline) {
        if (!appKey.equals(clientId)) {
            throw new IllegalArgumentException("Invalid client_id: this app does not exist");
        }
        if (challenge == null || !"S256".equals(method)) {
            throw new IllegalArgumentException("this app uses PKCE: code_challenge and code_challenge_method=S256 "
                    + "are required");
        }
        String code = token("", 43);
        codes.put(code, new Code(clientId, challenge, offline, Instant.now().plus(Duration.ofMinutes(10))));
        return code;
    }

    /** A grant made directly, as if the flow had run: returns {access token, refresh token}. */
    synchronized String[] grant() {
        String refresh = token("", 64);
        refreshTokens.put(refresh, false);
        return new String[] {issueAccess(refresh), refresh};
    }

    synchronized TokenAnswer token(Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (!appKey.equals(form.get("client_id"))) {
            return error(400, "invalid_client", "Invalid client_id or client_secret");
        }
        if ("authorization_code".equals(grantType)) {
            Code code = codes.remove(String.valueOf(form.get("code")));
            if (code == null || code.expires().isBefore(Instant.now())) {
                return error(400, "invalid_grant", "code doesn't exist or has expired");
            }
            String verifier = form.get("code_verifier");
            if (verifier == null || !s256(verifier).equals(code.challenge())) {
                return error(400, "invalid_grant", "invalid code verifier");
            }
            String refresh = null;
            if (code.offline()) {
                refresh = token("", 64);
                refreshTokens.put(refresh, false);
            }
            Map<String, Object> body = tokens(issueAccess(refresh));
            if (refresh != null) {
                body.put("refresh_token", refresh);
            }
            body.put("uid", "4815162342");
            body.put("account_id", "dbid:AAFakeDropboxAccount000000000000000000");
            return new TokenAnswer(200, body);
        }
        if ("refresh_token".equals(grantType)) {
            String refresh = form.get("refresh_token");
            Boolean revoked = refreshTokens.get(refresh);
            if (revoked == null || revoked) {
                return error(400, "invalid_grant", "refresh token is invalid or revoked");
            }
            return new TokenAnswer(200, tokens(issueAccess(refresh)));
        }
        return error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }

    /** The error tag of a bearer token that is not good for a call, or null if it is. */
    synchronized String refusal(String accessToken) {
        Access access = accessTokens.get(accessToken);
        if (access == null) {
            return "invalid_access_token";
        }
        if (access.refreshToken() != null && Boolean.TRUE.equals(refreshTokens.get(access.refreshToken()))) {
            return "invalid_access_token";
        }
        return access.expires().isBefore(Instant.now()) ? "expired_access_token" : null;
    }

    /** Revokes every grant: refresh tokens stop refreshing, access tokens stop working. */
    synchronized void revokeAll() {
        refreshTokens.replaceAll((token, revoked) -> true);
        accessTokens.clear();
    }

    /** Lets every access token expire now; refresh tokens still work. */
    synchronized void expireAccessTokens() {
        accessTokens.replaceAll((token, access) -> new Access(access.refreshToken(), Instant.EPOCH));
    }

    private String issueAccess(String refresh) {
        String access = token("sl.", 140);
        accessTokens.put(access, new Access(refresh, Instant.now().plus(ACCESS_TOKEN_LIFETIME)));
        return access;
    }

    private static Map<String, Object> tokens(String access) {
        Map<String, Object> body = new HashMap<>();
        body.put("access_token", access);
        body.put("token_type", "bearer");
        body.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
        body.put("scope", "files.content.read files.content.write files.metadata.read");
        return body;
    }

    private static TokenAnswer error(int status, String error, String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new TokenAnswer(status, body);
    }

    private static String token(String prefix, int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
