package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One rule's run: the storages it opened (closed after it) and the roots it used (for cleanup). */
final class RuleRun implements AutoCloseable {
    final StorageRule rule;
    final StorageSubject subject;
    private final List<CloudStorage> opened = new ArrayList<>();
    private final List<String> roots = new ArrayList<>();

    RuleRun(StorageRule rule, StorageSubject subject) {
        this.rule = rule;
        this.subject = subject;
    }

    /** A root no other rule or run uses, named after the rule; spaces and a non-ASCII letter included. */
    String newRoot() {
        return "tck " + rule.id() + " ü " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A storage on a fresh root. */
    CloudStorage storage() throws Exception {
        return open(newRoot());
    }

    /** A storage on a root, remembered for cleanup and closed after the rule. */
    CloudStorage open(String root) throws Exception {
        CloudStorage s = subject.open(root);
        if (s == null) {
            throw new RuleViolation("open(\"" + root + "\") returned null");
        }
        synchronized (this) {
            opened.add(s);
            if (!roots.contains(root)) {
                roots.add(root);
            }
        }
        return s;
    }

    Optional<CloudStorage> unreachable() throws Exception {
        return remember(subject.openUnreachable());
    }

    Optional<CloudStorage> unauthorized() throws Exception {
        return remember(subject.openUnauthorized());
    }

    private synchronized Optional<CloudStorage> remember(Optional<CloudStorage> storage) {
        storage.ifPresent(opened::add);
        return storage;
    }

    /** The provider, or skips the rule. */
    StorageProvider provider() {
        return subject.provider().orElseThrow(() -> skip("no provider was given (override provider())"));
    }

    /** Skips the rule with a reason; use as {@code throw run.skip(...)}. */
    RuleSkipped skip(String reason) {
        return new RuleSkipped(rule.id() + " skipped: " + reason);
    }

    static boolean has(CloudStorage s, Capability c) {
        return s.capabilities().contains(c);
    }

    synchronized List<String> roots() {
        return List.copyOf(roots);
    }

    /** Closes what the rule opened; a failing close is R10's concern, not this rule's. */
    @Override
    public void close() {
        List<CloudStorage> toClose;
        synchronized (this) {
            toClose = List.copyOf(opened);
            opened.clear();
        }
        for (CloudStorage s : toClose) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // R10.1 checks close on its own
            }
        }
    }
}
