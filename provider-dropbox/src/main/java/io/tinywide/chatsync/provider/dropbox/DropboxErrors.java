package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.AccessErrorException;
import com.dropbox.core.BadRequestException;
import com.dropbox.core.BadResponseCodeException;
import com.dropbox.core.DbxException;
import com.dropbox.core.InvalidAccessTokenException;
import com.dropbox.core.NetworkIOException;
import com.dropbox.core.RateLimitException;
import com.dropbox.core.RetryException;
import com.dropbox.core.ServerException;
import com.dropbox.core.oauth.DbxOAuthException;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;

import java.time.Duration;
import java.util.Locale;

/**
 * The SDK's exceptions, once retries are spent, as the port's small set. Messages name the storage,
 * the operation and the path, and say what to do; they never repeat a token or the app key (the SDK's
 * own messages are not quoted where they could hold one).
 */
final class DropboxErrors {
    /** What to do when Dropbox refuses the stored authorization. */
    static final String AUTHORIZE_AGAIN = "run 'chatsync auth dropbox' again (with the same --remote) to authorize "
            + "chatsync anew";

    private DropboxErrors() {
    }

    /** Whether a failed call may succeed if made again: throttling, 5xx, a broken connection. */
    static boolean retryable(DbxException e) {
        return e instanceof RetryException || e instanceof ServerException || e instanceof NetworkIOException
                || e instanceof BadResponseCodeException b && b.getStatusCode() >= 500;
    }

    /** How long Dropbox asked to wait before the next call, if it said ({@code Retry-After}). */
    static Duration askedWait(DbxException e) {
        return e instanceof RetryException r ? Duration.ofMillis(r.getBackoffMillis()) : Duration.ZERO;
    }

    static StorageException translate(String where, DbxException e) {
        if (e instanceof RateLimitException r) {
            return new RateLimitedException(where + ": Dropbox is throttling this app (429 too_many_requests) and "
                    + "the retries are spent; sync again later", Duration.ofMillis(r.getBackoffMillis()), e);
        }
        if (e instanceof RetryException r) {
            return new TransientStorageException(where + ": Dropbox is unavailable (503) and the retries are spent"
                    + (r.getBackoffMillis() > 0 ? " (it asked for " + r.getBackoffMillis() / 1000 + " s)" : "")
                    + "; sync again later", e);
        }
        if (e instanceof ServerException || e instanceof BadResponseCodeException b && b.getStatusCode() >= 500) {
            String status = e instanceof BadResponseCodeException b ? String.valueOf(b.getStatusCode()) : "500";
            return new TransientStorageException(where + ": Dropbox failed (" + status + ") and the retries are "
                    + "spent; sync again later", e);
        }
        if (e instanceof NetworkIOException n) {
            return new TransientStorageException(where + ": cannot reach Dropbox (" + cause(n) + "); check the "
                    + "network (and the endpoint option, if the remote has one), then sync again", e);
        }
        if (e instanceof InvalidAccessTokenException t) {
            String tag = t.getAuthError() == null ? "invalid_access_token"
                    : t.getAuthError().tag().name().toLowerCase(Locale.ROOT);
            return new AuthenticationException(where + ": Dropbox refused the stored authorization (" + tag + "): it "
                    + "was revoked, or has expired; " + AUTHORIZE_AGAIN, e);
        }
        if (e instanceof DbxOAuthException o) {
            return new AuthenticationException(where + ": Dropbox refused to renew the stored authorization ("
                    + o.getDbxOAuthError().getError() + "): it was revoked, or the app was removed; "
                    + AUTHORIZE_AGAIN, e);
        }
        if (e instanceof AccessErrorException a) {
            return new AuthenticationException(where + ": the Dropbox app may not do this (" + a.getAccessError()
                    .tag().name().toLowerCase(Locale.ROOT) + "); check the app's permissions (files.content.read, "
                    + "files.content.write, files.metadata.read) in the Dropbox App Console, then " + AUTHORIZE_AGAIN, e);
        }
        if (e instanceof BadRequestException) {
            return new StorageException(where + ": Dropbox refused the call as malformed (400); this is a chatsync "
                    + "bug or an incompatible endpoint: report it with the command that failed", e);
        }
        return new StorageException(where + ": " + e.getClass().getSimpleName() + " from the Dropbox SDK; sync again, "
                + "and report it if it persists", e);
    }

    private static String cause(NetworkIOException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
