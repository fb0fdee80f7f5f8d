package io.tinywide.chatsync.fake.dropbox;

import java.time.Duration;

/**
 * A misbehaviour to inject into the next calls of a {@link FakeDropbox}, as Dropbox shows them: a
 * {@code 429} with {@code Retry-After}, a {@code 5xx}, a slow answer, or a call that is carried out
 * but whose answer is lost (the client sees a {@code 5xx} although the write landed).
 *
 * @param status        the status answered instead of the real one (0: the real answer)
 * @param retryAfter    seconds in {@code Retry-After}, or -1 for none
 * @param delay         how long to wait before answering
 * @param afterCommit   whether the call is carried out before {@code status} is answered
 */
public record Fault(int status, int retryAfter, Duration delay, boolean afterCommit) {

    /** {@code 429 too_many_requests} with {@code Retry-After: seconds}. */
    public static Fault rateLimited(int retryAfterSeconds) {
        return new Fault(429, retryAfterSeconds, Duration.ZERO, false);
    }

    /** A server error such as {@code 500}, {@code 502} or {@code 503}, nothing carried out. */
    public static Fault serverError(int status) {
        return new Fault(status, -1, Duration.ZERO, false);
    }

    /** The call is carried out, then answered with {@code status}: an answer lost after the write landed. */
    public static Fault afterCommit(int status) {
        return new Fault(status, -1, Duration.ZERO, true);
    }

    /** The real answer, late. */
    public static Fault slow(Duration delay) {
        return new Fault(0, -1, delay, false);
    }
}
