package io.tinywide.chatsync.tck.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one rule found.
 *
 * @param rule    the rule
 * @param outcome whether it holds, fails or was skipped
 * @param detail  for a failure, what was observed (the message names the rule); for a skip, why; empty
 *                when the rule holds
 * @param cause   for a failure, the exception behind it, if any
 * @param roots   the roots the rule opened storages on, for cleanup
 */
public record RuleResult(StorageRule rule, Outcome outcome, String detail, Optional<Throwable> cause,
                         List<String> roots) {
    /** How a rule ended. */
    public enum Outcome {
        /** The storage keeps the rule, as far as the kit could observe. */
        HOLDS,
        /** The storage broke the rule; {@link #detail()} says what was observed. */
        FAILS,
        /** The rule was not run; {@link #detail()} says why. */
        SKIPPED
    }

    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(cause, "cause");
        roots = List.copyOf(roots);
    }
}
