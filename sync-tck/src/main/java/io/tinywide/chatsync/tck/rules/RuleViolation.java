package io.tinywide.chatsync.tck.rules;

/** A rule does not hold; the message is what was observed. An {@link AssertionError}, so JUnit reports a failure. */
final class RuleViolation extends AssertionError {
    private static final long serialVersionUID = 1L;

    RuleViolation(String observation) {
        super(observation);
    }

    RuleViolation(String observation, Throwable cause) {
        super(observation, cause);
    }
}
