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
            required("R1.1", "metadataIsWellFormed",
                    MetadataRules::metadataIsWellFormed),
            required("R1.2", "providerIsRegisteredForTheClassPathAndTheModulePath",
                    MetadataRules::providerIsRegisteredForTheClassPathAndTheModulePath),
            required("R1.3", "describeNamesTheStorageAndItsRoot",
                    MetadataRules::describeNamesTheStorageAndItsRoot),
            required("R1.4", "noSecretInDescriptionsOrErrorMessages",
                    MetadataRules::noSecretInDescriptionsOrErrorMessages),
            required("R2.1", "readOfAnAbsentPathIsEmpty",
                    ReadWriteRules::readOfAnAbsentPathIsEmpty),
            required("R2.2", "readReturnsTheBytesAndRevisionWritten",
                    ReadWriteRules::readReturnsTheBytesAndRevisionWritten),
            required("R2.3", "aFailedReadOrListingThrowsAndIsNeverEmpty",
                    ReadWriteRules::aFailedReadOrListingThrowsAndIsNeverEmpty),
            required("R2.4", "aReadOverItsLimitIsRefusedAndLeavesTheFile",
                    ReadWriteRules::aReadOverItsLimitIsRefusedAndLeavesTheFile),
            required("R2.5", "aReadOfVersionsOverItsLimitIsRefusedAndLeavesTheFile",
                    ReadWriteRules::aReadOfVersionsOverItsLimitIsRefusedAndLeavesTheFile),
            required("R3.1", "readYourWrite",
                    ReadWriteRules::readYourWrite),
            required("R3.2", "revisionsChangeOnEveryWriteAndListAgreesWithRead",
                    ReadWriteRules::revisionsChangeOnEveryWriteAndListAgreesWithRead),
            required("R3.3", "anUnconditionalWriteReplaces",
                    ReadWriteRules::anUnconditionalWriteReplaces),
            required("R3.4", "writesOfDifferentPathsAreIndependent",
                    ReadWriteRules::writesOfDifferentPathsAreIndependent),
            required("R3.5", "anotherStorageOnTheSameRootSeesEveryChange",
                    ReadWriteRules::anotherStorageOnTheSameRootSeesEveryChange),
            required("R3.6", "concurrentWritesOfDifferentPathsAllLand",
                    ReadWriteRules::concurrentWritesOfDifferentPathsAllLand),
            required("R3.7", "aWriteOrDeleteThatFailedThrows",
                    ReadWriteRules::aWriteOrDeleteThatFailedThrows),
            required("R4.1", "ifAbsentCreates",
                    ConditionRules::ifAbsentCreates),
            required("R4.2", "ifAbsentOnAnExistingPathFailsAndChangesNothing",
                    ConditionRules::ifAbsentOnAnExistingPathFailsAndChangesNothing),
            required("R4.3", "ifMatchOfTheCurrentRevisionSucceeds",
                    ConditionRules::ifMatchOfTheCurrentRevisionSucceeds),
            required("R4.4", "ifMatchOfAStaleRevisionOrAnAbsentPathFails",
                    ConditionRules::ifMatchOfAStaleRevisionOrAnAbsentPathFails),
            optional("R4.5", "racingConditionalWritersHaveExactlyOneWinner",
                    ConditionRules::racingConditionalWritersHaveExactlyOneWinner),
            required("R4.6", "aConditionalWriteThatSucceededIsNeverLostToARacingWriter",
                    ConditionRules::aConditionalWriteThatSucceededIsNeverLostToARacingWriter),
            required("R5.1", "listReturnsEverythingUnderThePrefixAndNothingElse",
                    ListingRules::listReturnsEverythingUnderThePrefixAndNothingElse),
            required("R5.2", "listFollowsEveryPage",
                    ListingRules::listFollowsEveryPage),
            required("R5.3", "nestedPathsAreListedInFull",
                    ListingRules::nestedPathsAreListedInFull),
            required("R5.4", "aDeletedFileIsNoLongerListed",
                    ListingRules::aDeletedFileIsNoLongerListed),
            required("R5.5", "eachPathOrVersionIsListedOnce",
                    ListingRules::eachPathOrVersionIsListedOnce),
            required("R6.1", "deleteRemovesAndDeletingAnAbsentPathSucceeds",
                    DeleteRules::deleteRemovesAndDeletingAnAbsentPathSucceeds),
            optional("R6.2", "conditionalDeleteHonoursTheRevision",
                    DeleteRules::conditionalDeleteHonoursTheRevision),
            required("R6.3", "aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain",
                    DeleteRules::aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain),
            required("R6.4", "deleteIfAbsentFailsWhileTheFileExists",
                    DeleteRules::deleteIfAbsentFailsWhileTheFileExists),
            required("R7.1", "anEmptyFileRoundTrips",
                    ObjectRules::anEmptyFileRoundTrips),
            required("R7.2", "binaryContentRoundTripsExactly",
                    ObjectRules::binaryContentRoundTripsExactly),
            required("R7.3", "aLargeFileRoundTripsWithTheRevisionWritten",
                    ObjectRules::aLargeFileRoundTripsWithTheRevisionWritten),
            required("R7.4", "noArraysAreSharedWithCallers",
                    ObjectRules::noArraysAreSharedWithCallers),
            required("R8.1", "aRootWithSpacesAndNonAsciiLettersWorks",
                    PathRules::aRootWithSpacesAndNonAsciiLettersWorks),
            required("R8.2", "pathsThatCouldLeaveTheRootAreRefusedByEveryOperation",
                    PathRules::pathsThatCouldLeaveTheRootAreRefusedByEveryOperation),
            required("R8.3", "siblingRootsAreIsolatedEvenWhenOneNameStartsTheOther",
                    PathRules::siblingRootsAreIsolatedEvenWhenOneNameStartsTheOther),
            required("R9.1", "failuresAreStorageExceptionsNamingTheStorageAndThePath",
                    ErrorRules::failuresAreStorageExceptionsNamingTheStorageAndThePath),
            required("R9.2", "refusedCredentialsAreAnAuthenticationExceptionForEveryOperation",
                    ErrorRules::refusedCredentialsAreAnAuthenticationExceptionForEveryOperation),
            required("R10.1", "closeReturnsAndMayBeCalledTwice",
                    LifecycleRules::closeReturnsAndMayBeCalledTwice),
            required("R10.2", "aClosedStorageNeverAnswersWrongly",
                    LifecycleRules::aClosedStorageNeverAnswersWrongly),
            required("R10.3", "removingAnEmptyRootNeverRemovesAFile",
                    LifecycleRules::removingAnEmptyRootNeverRemovesAFile),
            optional("R12.1", "everyVersionIsListedAndTheOldestIsRead",
                    VersionRules::everyVersionIsListedAndTheOldestIsRead),
            optional("R12.2", "ifMatchAddsAVersionAndRemovesOnlyThatRevision",
                    VersionRules::ifMatchAddsAVersionAndRemovesOnlyThatRevision),
            optional("R12.3", "ifAbsentFailsWhileAnyVersionExists",
                    VersionRules::ifAbsentFailsWhileAnyVersionExists),
            optional("R12.4", "anUnconditionalWriteReplacesEveryVersion",
                    VersionRules::anUnconditionalWriteReplacesEveryVersion),
            optional("R12.5", "aConditionalDeleteRemovesExactlyThatVersion",
                    VersionRules::aConditionalDeleteRemovesExactlyThatVersion),
            optional("R12.6", "aReadOfVersionsIsRefusedIfAnyIsOverTheLimit",
                    VersionRules::aReadOfVersionsIsRefusedIfAnyIsOverTheLimit));

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
