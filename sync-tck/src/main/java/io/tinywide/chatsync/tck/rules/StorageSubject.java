package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.util.Optional;
import java.util.Set;

/**
 * What the storage rules run against: storages of one provider opened by root, and what else the
 * caller can give. {@link io.tinywide.chatsync.tck.StorageProviderVerification} implements it from
 * its hooks; {@code chatsync check-remote} from a remote URI. Only {@link #open(String)} is required;
 * each other method enables rules that are skipped without it.
 */
public interface StorageSubject {

    /**
     * A storage on {@code root}. Two calls with one root open the same files, as two devices opening one
     * remote do; a root not used before is empty. Roots are relative folder names that may contain
     * spaces, non-ASCII letters and {@code /}.
     */
    CloudStorage open(String root) throws Exception;

    /** The provider, for the metadata rules R1.1 and R1.2; empty skips them. */
    default Optional<StorageProvider> provider() {
        return Optional.empty();
    }

    /**
     * A storage of this provider that cannot be reached (a closed port, a folder that is not there), for
     * R2.3, R3.7 and R9.1; empty skips R2.3 and R3.7.
     */
    default Optional<CloudStorage> openUnreachable() throws Exception {
        return Optional.empty();
    }

    /** A storage of this provider whose credentials the backend refuses, for R9.2; empty skips it. */
    default Optional<CloudStorage> openUnauthorized() throws Exception {
        return Optional.empty();
    }

    /**
     * The secret values the storages were configured with (keys, tokens, passwords), which R1.4 looks for
     * in every description and error message; empty skips R1.4.
     */
    default Set<String> secrets() {
        return Set.of();
    }

    /** How many files R5.2 and R5.5 create: more than one page of the backend's listing. */
    default int entriesBeyondOnePage() {
        return 120;
    }

    /** The size of R7.3's large file. */
    default int largeObjectBytes() {
        return 24 << 20;
    }

    /**
     * How many rounds of racing writers R4.5 runs for each condition (R4.6 runs half as many): enough
     * that a narrow window between checking a condition and acting on it is caught in every run.
     */
    default int raceRounds() {
        return 20;
    }

    /**
     * Why this subject cannot run a rule at all, if it cannot (for {@code check-remote}, the
     * registration rule R1.2 belongs to the provider's build); the rule is then skipped with this reason.
     */
    default Optional<String> notApplicable(StorageRule rule) {
        return Optional.empty();
    }
}
