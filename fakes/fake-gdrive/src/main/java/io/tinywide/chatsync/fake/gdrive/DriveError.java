package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer in Drive's documented shape ({@code {"error": {"code", "message", "errors": [{"domain",
 * "reason", "message", "location", "locationType"}]}}}), thrown by the handlers and written by the server.
 */
final class DriveError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String domain;
    final String reason;
    final String location;
    final String locationType;

    DriveError(int status, String domain, String reason, String message, String location, String locationType) {
        super(message, null, false, false);
        this.status = status;
        this.domain = domain;
        this.reason = reason;
        this.location = location;
        this.locationType = locationType;
    }

    static DriveError notFound(String fileId) {
        return new DriveError(404, "global", "notFound", "File not found: " + fileId + ".", "fileId", "parameter");
    }

    static DriveError invalidParameter(String parameter, String message) {
        return new DriveError(400, "global", "invalid", message, parameter, "parameter");
    }

    static DriveError badRequest(String message) {
        return new DriveError(400, "global", "badRequest", message, null, null);
    }

    static DriveError unauthenticated() {
        return new DriveError(401, "global", "authError", "Invalid Credentials", "Authorization", "header");
    }

    static DriveError of(Fault fault) {
        return switch (fault) {
            case RATE_LIMIT -> new DriveError(403, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded", null, null);
            case USER_RATE_LIMIT -> new DriveError(403, "usageLimits", "userRateLimitExceeded",
                    "User Rate Limit Exceeded", null, null);
            case TOO_MANY_REQUESTS -> new DriveError(429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded",
                    null, null);
            case INTERNAL_ERROR -> new DriveError(500, "global", "backendError", "Backend Error", null, null);
            case SERVICE_UNAVAILABLE -> new DriveError(503, "global", "backendError",
                    "The service is currently unavailable.", null, null);
            case STORAGE_QUOTA -> quotaExceeded();
        };
    }

    static DriveError quotaExceeded() {
        return new DriveError(403, "usageLimits", "storageQuotaExceeded",
                "The user's Drive storage quota has been exceeded.", null, null);
    }

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode detail = f.objectNode().put("domain", domain).put("reason", reason).put("message", getMessage());
        if (location != null) {
            detail.put("location", location).put("locationType", locationType);
        }
        ObjectNode error = f.objectNode();
        error.putArray("errors").add(detail);
        error.put("code", status).put("message", getMessage());
        ObjectNode root = f.objectNode();
        root.set("error", error);
        return root;
    }
}
