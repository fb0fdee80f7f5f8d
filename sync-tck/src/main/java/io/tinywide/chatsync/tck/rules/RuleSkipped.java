package io.tinywide.chatsync.tck.rules;

/** A rule cannot run for this storage; the message says why. */
final class RuleSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleSkipped(String reason) {
        super(reason, null, false, false);
    }
}
