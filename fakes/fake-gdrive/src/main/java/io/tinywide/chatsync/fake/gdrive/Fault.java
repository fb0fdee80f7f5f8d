package io.tinywide.chatsync.fake.gdrive;

/**
 * An error the fake can be told to answer instead of serving a request, each in the shape Google
 * Drive answers it (see Drive's "Resolve errors" guide).
 */
public enum Fault {
    /** 403, reason {@code rateLimitExceeded} (the project's rate). */
    RATE_LIMIT,
    /** 403, reason {@code userRateLimitExceeded} (the user's rate). */
    USER_RATE_LIMIT,
    /** 429, reason {@code rateLimitExceeded}. */
    TOO_MANY_REQUESTS,
    /** 500, reason {@code backendError}. */
    INTERNAL_ERROR,
    /** 503, reason {@code backendError}. */
    SERVICE_UNAVAILABLE,
    /** 403, reason {@code storageQuotaExceeded}. */
    STORAGE_QUOTA
}
