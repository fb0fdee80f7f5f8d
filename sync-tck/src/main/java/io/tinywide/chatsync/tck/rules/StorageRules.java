package io.tinywide.chatsync.tck.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The storage rules of {@code sync-tck/SPEC.md} (R1–R10, R12), runnable without a test framework: the
 * JUnit kit runs each as a test, and {@code chatsync check-remote} runs them all on a user's remote.
 *
 * <pre>{@code
 * for (RuleResult r : StorageRules.checkAll(subject, result -> {})) {
 *     System.out.println(r.rule().id() + " " + r.outcome() + " " + r.detail());
 * }
 * }</pre>
 */
public final class StorageRules {
    private static final List<StorageRule> ALL = List.of(
            required("R1.1", "metadataIsWellFormed", MetadataRules::r1_1),
            required("R1.2", "providerIsRegisteredForTheClassPathAndTheModulePath", MetadataRules::r1_2),
            required("R1.3", "describeNamesTheStorageAndItsRoot", MetadataRules::r1_3),
            required("R1.4", "noSecretInDescriptionsOrErrorMessages", MetadataRules::r1_4),
            required("R2.1", "readOfAnAbsentPathIsEmpty", ReadWriteRules::r2_1),
            required("R2.2", "readReturnsTheBytesAndRevisionWritten", ReadWriteRules::r2_2),
            required("R2.3", "aFailedReadOrListingThrowsAndIsNeverEmpty", ReadWriteRules::r2_3),
            required("R2.4", "aReadOverItsLimitIsRefusedAndLeavesTheFile", ReadWriteRules::r2_4),
            required("R2.5", "aReadOfVersionsOverItsLimitIsRefusedAndLeavesTheFile", ReadWriteRules::r2_5),
            required("R3.1", "readYourWrite", ReadWriteRules::r3_1),
            required("R3.2", "revisionsChangeOnEveryWriteAndListAgreesWithRead", ReadWriteRules::r3_2),
            required("R3.3", "anUnconditionalWriteReplaces", ReadWriteRules::r3_3),
            required("R3.4", "writesOfDifferentPathsAreIndependent", ReadWriteRules::r3_4),
            required("R3.5", "anotherStorageOnTheSameRootSeesEveryChange", ReadWriteRules::r3_5),
            required("R3.6", "concurrentWritesOfDifferentPathsAllLand", ReadWriteRules::r3_6),
            required("R3.7", "aWriteOrDeleteThatFailedThrows", ReadWriteRules::r3_7),
            required("R4.1", "ifAbsentCreates", ConditionRules::r4_1),
            required("R4.2", "ifAbsentOnAnExistingPathFailsAndChangesNothing", ConditionRules::r4_2),
            required("R4.3", "ifMatchOfTheCurrentRevisionSucceeds", ConditionRules::r4_3),
            required("R4.4", "ifMatchOfAStaleRevisionOrAnAbsentPathFails", ConditionRules::r4_4),
            optional("R4.5", "racingConditionalWritersHaveExactlyOneWinner", ConditionRules::r4_5),
            required("R4.6", "aConditionalWriteThatSucceededIsNeverLostToARacingWriter", ConditionRules::r4_6),
            required("R5.1", "listReturnsEverythingUnderThePrefixAndNothingElse", ListingRules::r5_1),
            required("R5.2", "listFollowsEveryPage", ListingRules::r5_2),
            required("R5.3", "nestedPathsAreListedInFull", ListingRules::r5_3),
            required("R5.4", "aDeletedFileIsNoLongerListed", ListingRules::r5_4),
            required("R5.5", "eachPathOrVersionIsListedOnce", ListingRules::r5_5),
            required("R6.1", "deleteRemovesAndDeletingAnAbsentPathSucceeds", DeleteRules::r6_1),
            optional("R6.2", "conditionalDeleteHonoursTheRevision", DeleteRules::r6_2),
            required("R6.3", "aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain", DeleteRules::r6_3),
            required("R6.4", "deleteIfAbsentFailsWhileTheFileExists", DeleteRules::r6_4),
            required("R7.1", "anEmptyFileRoundTrips", ObjectRules::r7_1),
            required("R7.2", "binaryContentRoundTripsExactly", ObjectRules::r7_2),
            required("R7.3", "aLargeFileRoundTripsWithTheRevisionWritten", ObjectRules::r7_3),
            required("R7.4", "noArraysAreSharedWithCallers", ObjectRules::r7_4),
            required("R8.1", "aRootWithSpacesAndNonAsciiLettersWorks", PathRules::r8_1),
            required("R8.2", "pathsThatCouldLeaveTheRootAreRefusedByEveryOperation", PathRules::r8_2),
            required("R8.3", "siblingRootsAreIsolatedEvenWhenOneNameStartsTheOther", PathRules::r8_3),
            required("R9.1", "failuresAreStorageExceptionsNamingTheStorageAndThePath", ErrorRules::r9_1),
            required("R9.2", "refusedCredentialsAreAnAuthenticationExceptionForEveryOperation", ErrorRules::r9_2),
            required("R10.1", "closeReturnsAndMayBeCalledTwice", LifecycleRules::r10_1),
            required("R10.2", "aClosedStorageNeverAnswersWrongly", LifecycleRules::r10_2),
            required("R10.3", "removingAnEmptyRootNeverRemovesAFile", LifecycleRules::r10_3),
            optional("R12.1", "everyVersionIsListedAndTheOldestIsRead", VersionRules::r12_1),
            optional("R12.2", "ifMatchAddsAVersionAndRemovesOnlyThatRevision", VersionRules::r12_2),
            optional("R12.3", "ifAbsentFailsWhileAnyVersionExists", VersionRules::r12_3),
            optional("R12.4", "anUnconditionalWriteReplacesEveryVersion", VersionRules::r12_4),
            optional("R12.5", "aConditionalDeleteRemovesExactlyThatVersion", VersionRules::r12_5),
            optional("R12.6", "aReadOfVersionsIsRefusedIfAnyIsOverTheLimit", VersionRules::r12_6));

    private StorageRules() {
    }

    private static StorageRule required(String id, String name, StorageRule.Body body) {
        return new StorageRule(id, name, true, body);
    }

    private static StorageRule optional(String id, String name, StorageRule.Body body) {
        return new StorageRule(id, name, false, body);
    }

    /** Every storage rule, in SPEC.md's order. */
    public static List<StorageRule> all() {
        return ALL;
    }

    /**
     * The rule with this id.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static StorageRule byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no storage rule " + id));
    }

    /**
     * Runs one rule. Every storage it opened is closed before this returns; the roots it used are in
     * the result, for cleanup. A failure's detail starts with the rule's id and name.
     */
    public static RuleResult check(StorageRule rule, StorageSubject subject) {
        Optional<String> notApplicable = subject.notApplicable(rule);
        if (notApplicable.isPresent()) {
            return new RuleResult(rule, RuleResult.Outcome.SKIPPED, rule.id() + " skipped: " + notApplicable.get(),
                    Optional.empty(), List.of());
        }
        RuleRun run = new RuleRun(rule, subject);
        try (run) {
            rule.body().check(run);
            return new RuleResult(rule, RuleResult.Outcome.HOLDS, "", Optional.empty(), run.roots());
        } catch (RuleSkipped skipped) {
            return new RuleResult(rule, RuleResult.Outcome.SKIPPED, skipped.getMessage(), Optional.empty(),
                    run.roots());
        } catch (RuleViolation violation) {
            return failed(rule, violation.getMessage(), violation.getCause(), run);
        } catch (Exception | AssertionError | LinkageError e) {
            return failed(rule, "an operation threw " + e, e, run);
        }
    }

    private static RuleResult failed(StorageRule rule, String observation, Throwable cause, RuleRun run) {
        return new RuleResult(rule, RuleResult.Outcome.FAILS, rule.id() + " " + rule.name() + " fails: " + observation,
                Optional.ofNullable(cause), run.roots());
    }

    /** Runs every rule in order, telling {@code progress} each result as it comes. */
    public static List<RuleResult> checkAll(StorageSubject subject, Consumer<RuleResult> progress) {
        List<RuleResult> results = new ArrayList<>();
        for (StorageRule rule : ALL) {
            RuleResult r = check(rule, subject);
            progress.accept(r);
            results.add(r);
        }
        return results;
    }
}
