package io.tinywide.chatsync.tck.rules;

import java.util.Objects;

/**
 * One storage rule of {@code sync-tck/SPEC.md}, as the JUnit kit
 * ({@link io.tinywide.chatsync.tck.StorageProviderVerification}) and {@code chatsync check-remote} run
 * it. Its {@link #testName() test name} carries its id: {@code required_R5_5_eachPathOrVersionIsListedOnce}.
 * SPEC.md and the test method's Javadoc say what each rule guards against, when it is skipped, and
 * what to check when it fails.
 */
public final class StorageRule {
    /** What a rule does, given one run's context; throws {@link RuleViolation} or {@link RuleSkipped}. */
    @FunctionalInterface
    interface Body {
        void check(RuleRun run) throws Exception;
    }

    private final String id;
    private final String name;
    private final boolean required;
    private final Body body;

    StorageRule(String id, String name, boolean required, Body body) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.required = required;
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The rule's id in SPEC.md, such as {@code R5.5}. */
    public String id() {
        return id;
    }

    /** The rule in a few words, as a method name: {@code eachPathOrVersionIsListedOnce}. */
    public String name() {
        return name;
    }

    /**
     * Whether every storage must keep it. A required rule may still be skipped when the kit lacks
     * what it needs (a hook such as an unreachable storage); an optional rule belongs to a capability
     * the storage may not declare.
     */
    public boolean required() {
        return required;
    }

    /** The JUnit test method of the rule: {@code required_R5_5_eachPathOrVersionIsListedOnce}. */
    public String testName() {
        return (required ? "required_" : "optional_") + id.replace('.', '_') + "_" + name;
    }

    /** The rule in words, for people: {@code each path or version is listed once}. */
    public String title() {
        return name.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT).strip()
                .replace("if absent", "ifAbsent").replace("if match", "ifMatch").replace("non ascii", "non-ASCII")
                .replace("round trips", "round-trips").replace("read your write", "read-your-write");
    }

    Body body() {
        return body;
    }

    @Override
    public String toString() {
        return id + " " + name;
    }
}
