package io.tinywide.chatsync.provider.gdrive;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.util.BackOff;
import com.google.api.client.util.ExponentialBackOff;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Runs Drive calls with bounded exponential back-off and jitter, and turns what still fails into the
 * port's {@link StorageException}s with messages naming the storage, the path and what to do.
 */
final class DriveCalls {
    private static final Logger LOG = LoggerFactory.getLogger(DriveCalls.class);
    private static final Set<String> RATE_LIMITS = Set.of("rateLimitExceeded", "userRateLimitExceeded");

    /** One request to Drive. */
    interface Call<T> {
        T execute() throws IOException;
    }

    private final String storage;
    private final Retry retry;
    private final String reauthorize;
    /**
     * The storage operation this thread is in ({@code read 2024/chat_vault_2024_01.json}), so that a
     * failure of a folder lookup made for it names the path the caller asked for (SPEC R9.1). Each
     * operation sets it as it starts.
     */
    private final ThreadLocal<String> operation = new ThreadLocal<>();

    /**
     * @param storage     the storage's description, for messages
     * @param reauthorize what to do when Google refuses the authorization
     */
    DriveCalls(String storage, Retry retry, String reauthorize) {
        this.storage = storage;
        this.retry = retry;
        this.reauthorize = reauthorize;
    }

    /** Marks the start of a storage operation on this thread, for the messages of the calls it makes. */
    void operation(String what) {
        operation.set(what);
    }

    /** The call's answer; every failure, a missing file included, is a {@link StorageException}. */
    <T> T call(String what, String path, Call<T> call) {
        return attempt(what, path, call, false).orElseThrow();
    }

    /** The call's answer, or empty if Drive answered 404 (the file is not there). */
    <T> Optional<T> callIfPresent(String what, String path, Call<T> call) {
        return attempt(what, path, call, true);
    }

    private <T> Optional<T> attempt(String what, String path, Call<T> call, boolean absentIsEmpty) {
        BackOff backOff = new ExponentialBackOff.Builder()
                .setInitialIntervalMillis((int) retry.initial().toMillis())
                .setMaxIntervalMillis((int) retry.max().toMillis())
                .setMultiplier(2).setRandomizationFactor(0.5)
                .setMaxElapsedTimeMillis(Integer.MAX_VALUE).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.ofNullable(call.execute());
            } catch (GoogleJsonResponseException e) {
                if (e.getStatusCode() == 404 && absentIsEmpty) {
                    return Optional.empty();
                }
                if (!isRetryable(e) || attempt >= retry.attempts()) {
                    throw translate(what, path, e);
                }
                pause(what, path, e, backOff, retryAfter(e));
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new TransientStorageException(where(what, path) + ": interrupted; sync again", e);
                }
                if (attempt >= retry.attempts()) {
                    throw translate(what, path, e);
                }
                pause(what, path, e, backOff, null);
            } catch (IOException e) {
                if (isRefusedAuthorization(e) || attempt >= retry.attempts()) {
                    throw translate(what, path, e);
                }
                pause(what, path, e, backOff, null);
            }
        }
    }

    private void pause(String what, String path, Exception cause, BackOff backOff, Duration retryAfter) {
        long wait;
        try {
            wait = backOff.nextBackOffMillis();
        } catch (IOException e) {
            wait = retry.max().toMillis();
        }
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), retry.max().toMillis()));
        }
        LOG.debug("{}: {} failed ({}); trying again in {} ms", storage, what, summary(cause), wait);
        try {
            Thread.sleep(Math.max(0, wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientStorageException(where(what, path) + ": interrupted while waiting to try again; sync "
                    + "again", cause);
        }
    }

    private static boolean isRetryable(GoogleJsonResponseException e) {
        int status = e.getStatusCode();
        return status == 429 || status >= 500 || status == 403 && RATE_LIMITS.contains(reason(e));
    }

    /**
     * A failure of the token endpoint that google-auth-library marks as not worth repeating: the refresh
     * token was revoked or has expired ({@code invalid_grant}), or the client is unknown.
     */
    private static boolean isRefusedAuthorization(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.auth.Retryable r && !r.isRetryable()) {
                return true;
            }
        }
        return false;
    }

    private static String reason(GoogleJsonResponseException e) {
        GoogleJsonError details = e.getDetails();
        if (details == null || details.getErrors() == null || details.getErrors().isEmpty()) {
            return "";
        }
        return String.valueOf(details.getErrors().get(0).getReason());
    }

    private static String message(GoogleJsonResponseException e) {
        GoogleJsonError details = e.getDetails();
        return details != null && details.getMessage() != null ? details.getMessage() : e.getStatusMessage();
    }

    private static Duration retryAfter(GoogleJsonResponseException e) {
        String header = e.getHeaders() == null ? null : e.getHeaders().getRetryAfter();
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException ignored) {
            return null;
        }
    }

    private String where(String what, String path) {
        String where = storage + ": cannot " + what + (path == null || path.isEmpty() || what.contains(path) ? ""
                : " " + path);
        String during = operation.get();
        return during == null || where.contains(during) ? where : where + " (to " + during + ")";
    }

    private StorageException translate(String what, String path, GoogleJsonResponseException e) {
        String where = where(what, path);
        int status = e.getStatusCode();
        String reason = reason(e);
        if ("storageQuotaExceeded".equals(reason) || "quotaExceeded".equals(reason) && status == 403) {
            return new QuotaExceededException(where + ": the Google account's storage is full (" + reason + "); free "
                    + "space in Google Drive (or buy more), then sync again", e);
        }
        if (status == 401) {
            return new AuthenticationException(where + ": Google refused the authorization (" + reason + ", "
                    + message(e) + "); " + reauthorize, e);
        }
        if (status == 403 && RATE_LIMITS.contains(reason) || status == 429) {
            return new RateLimitedException(where + ": Google Drive is limiting requests (" + status + " " + reason
                    + ") and still was after " + retry.attempts() + " attempts; wait a few minutes and sync again",
                    retryAfter(e), e);
        }
        if (status == 403) {
            return new AuthenticationException(where + ": Google Drive denied access (" + reason + ", " + message(e)
                    + "); the authorization must allow the drive.appdata scope: " + reauthorize, e);
        }
        if (status >= 500) {
            return new TransientStorageException(where + ": Google Drive failed (" + status + " " + reason + ") "
                    + retry.attempts() + " times; sync again later", e);
        }
        return new StorageException(where + ": Google Drive answered " + status + " " + reason + " (" + message(e)
                + ")", e);
    }

    private StorageException translate(String what, String path, IOException e) {
        String where = where(what, path);
        if (isRefusedAuthorization(e)) {
            return new AuthenticationException(where + ": Google refused to renew the authorization ("
                    + firstLine(e.getMessage()) + "); it was revoked or has expired: " + reauthorize, e);
        }
        return new TransientStorageException(where + ": " + summary(e) + " after " + retry.attempts()
                + " attempts; check the network (and the endpoint), then sync again", e);
    }

    private static String summary(Exception e) {
        if (e instanceof GoogleJsonResponseException g) {
            return g.getStatusCode() + " " + reason(g);
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
