package io.tinywide.chatsync.core.port.out;

import java.util.Objects;

/**
 * The precondition of a {@link CloudStorage#write write} or {@link CloudStorage#delete delete}.
 * When it does not hold, the call changes nothing and throws {@link PreconditionFailedException}.
 */
public sealed interface WriteCondition {

    /** Succeeds only if nothing exists at the path (create-if-absent). */
    static WriteCondition ifAbsent() {
        return IfAbsent.INSTANCE;
    }

    /** Succeeds only if the path currently holds exactly this revision (compare-and-set). */
    static WriteCondition ifMatch(Revision revision) {
        return new IfMatch(revision);
    }

    /** Always succeeds (last writer wins). */
    static WriteCondition unconditional() {
        return Unconditional.INSTANCE;
    }

    /** See {@link WriteCondition#ifAbsent()}. */
    enum IfAbsent implements WriteCondition { INSTANCE }

    /** See {@link WriteCondition#ifMatch(Revision)}. */
    record IfMatch(Revision revision) implements WriteCondition {
        public IfMatch {
            Objects.requireNonNull(revision, "revision");
        }
    }

    /** See {@link WriteCondition#unconditional()}. */
    enum Unconditional implements WriteCondition { INSTANCE }
}
