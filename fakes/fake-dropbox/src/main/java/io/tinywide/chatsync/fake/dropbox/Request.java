package io.tinywide.chatsync.fake.dropbox;

import java.time.Instant;

/**
 * One call a {@link FakeDropbox} answered: when it arrived, on which host ({@code api.dropboxapi.com},
 * {@code content.dropboxapi.com}, {@code www.dropbox.com}), the route, and the status answered.
 */
public record Request(Instant at, String host, String route, int status) {
}
