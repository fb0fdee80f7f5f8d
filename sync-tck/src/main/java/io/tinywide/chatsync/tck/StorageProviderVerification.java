package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.rules.RuleResult;
import io.tinywide.chatsync.tck.rules.StorageRules;
import io.tinywide.chatsync.tck.rules.StorageSubject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The storage rules of {@code sync-tck/SPEC.md} (R1–R10, R12) as JUnit 5 tests. A provider's test
 * module extends this class and implements one factory method:
 *
 * <pre>{@code
 * class MyStorageVerificationTest extends StorageProviderVerification {
 *     @Override
 *     protected CloudStorage createStorage(String root) {
 *         return new MyProvider().open(ProviderConfig.of(base).withRoot(root));
 *     }
 * }
 * }</pre>
 *
 * <p>Optional hooks enable more rules; without them those rules are skipped with the reason:
 * <ul>
 *   <li>{@link #provider()}: the metadata and registration rules R1.1 and R1.2;</li>
 *   <li>{@link #createUnreachableStorage()}: a storage that cannot be reached, for R2.3 (a failed read is
 *       never an absent file) and R3.7 (a failed write or delete is never reported done);</li>
 *   <li>{@link #createUnauthorizedStorage()}: a storage whose credentials are refused, for R9.2;</li>
 *   <li>{@link #secrets()}: the secret values the storages are configured with, for R1.4;</li>
 *   <li>{@link #entriesBeyondOnePage()}, {@link #largeObjectBytes()}, {@link #raceRounds()}: sizes;</li>
 *   <li>{@link #cleanUp(List)}: told the roots each test used, so that a test on a live cloud can delete
 *       them (see {@link io.tinywide.chatsync.tck.rules.Scratch#removeEverything}).</li>
 * </ul>
 *
 * <p>Rules for capabilities the storage does not declare are skipped with the reason, after the kit
 * shows, where it can, that the missing capability really is missing. Test names carry the rule:
 * {@code required_R4_2_…} must hold for every storage (it may still be skipped for want of a hook),
 * {@code optional_R4_5_…} belongs to a capability. A failure's message starts with the rule's id and
 * says what was observed. Each test's documentation says what its rule guards against, when it is
 * skipped, and what to check when it fails.
 *
 * <p>The rules themselves are in {@link StorageRules}, which {@code chatsync check-remote} also runs
 * on a user's remote, without JUnit.
 */
public abstract class StorageProviderVerification {
    private final List<String> roots = new ArrayList<>();

    /**
     * A storage under {@code root}. Two calls with one root must open the same files, as two devices on
     * one remote do; a root not used before is empty. Roots are relative folder names that may contain
     * spaces, non-ASCII letters and {@code /} (the kit opens sibling roots {@code a/x} and {@code a/x2}).
     */
    protected abstract CloudStorage createStorage(String root) throws Exception;

    /** The provider, for the metadata and registration rules R1.1 and R1.2; {@code null} skips them. */
    protected StorageProvider provider() {
        return null;
    }

    /**
     * A storage of this provider that cannot be reached (a closed port, a folder that is not there), for
     * rules R2.3 and R3.7, and the messages of R9.1. Empty skips R2.3 and R3.7.
     */
    protected Optional<CloudStorage> createUnreachableStorage() throws Exception {
        return Optional.empty();
    }

    /** A storage of this provider whose credentials the backend refuses, for rule R9.2. Empty skips it. */
    protected Optional<CloudStorage> createUnauthorizedStorage() throws Exception {
        return Optional.empty();
    }

    /**
     * The secret values (keys, tokens, passwords) the storages are configured with, which R1.4 looks for
     * in every description and error message. Empty skips R1.4.
     */
    protected Set<String> secrets() {
        return Set.of();
    }

    /** How many files R5.2 and R5.5 create; more than one page of the backend's listing. */
    protected int entriesBeyondOnePage() {
        return 120;
    }

    /** The size of R7.3's large file (24 MiB by default). */
    protected int largeObjectBytes() {
        return 24 << 20;
    }

    /** Rounds of racing writers in R4.5 (R4.6 runs half as many); fewer on a slow live cloud. */
    protected int raceRounds() {
        return 20;
    }

    /**
     * Called after each test with the roots it opened storages on, to delete what it left. The default
     * leaves them (a temporary folder or an in-process server goes away by itself); a test on a live
     * cloud deletes them:
     *
     * <pre>{@code
     * @Override
     * protected void cleanUp(List<String> roots) throws Exception {
     *     for (String root : roots) {
     *         try (CloudStorage s = createStorage(root)) {
     *             Scratch.removeEverything(s);
     *         }
     *     }
     * }
     * }</pre>
     */
    protected void cleanUp(List<String> roots) throws Exception {
        // nothing to delete by default
    }

    @AfterEach
    void cleanUpRoots() throws Exception {
        List<String> used = List.copyOf(roots);
        roots.clear();
        if (!used.isEmpty()) {
            cleanUp(used);
        }
    }

    private final StorageSubject subject = new StorageSubject() {
        @Override
        public CloudStorage open(String root) throws Exception {
            return createStorage(root);
        }

        @Override
        public Optional<StorageProvider> provider() {
            return Optional.ofNullable(StorageProviderVerification.this.provider());
        }

        @Override
        public Optional<CloudStorage> openUnreachable() throws Exception {
            return createUnreachableStorage();
        }

        @Override
        public Optional<CloudStorage> openUnauthorized() throws Exception {
            return createUnauthorizedStorage();
        }

        @Override
        public Set<String> secrets() {
            return StorageProviderVerification.this.secrets();
        }

        @Override
        public int entriesBeyondOnePage() {
            return StorageProviderVerification.this.entriesBeyondOnePage();
        }

        @Override
        public int largeObjectBytes() {
            return StorageProviderVerification.this.largeObjectBytes();
        }

        @Override
        public int raceRounds() {
            return StorageProviderVerification.this.raceRounds();
        }
    };

    /** Runs one rule: a failure fails the test with what was observed, a skip aborts it with the reason. */
    private void verify(String id) {
        RuleResult result = StorageRules.check(StorageRules.byId(id), subject);
        roots.addAll(result.roots());
        if (result.outcome() == RuleResult.Outcome.SKIPPED) {
            Assumptions.abort(result.detail());
        }
        if (result.outcome() == RuleResult.Outcome.FAILS) {
            throw new AssertionError(result.detail(), result.cause().orElse(null));
        }
    }

    // ---- R1 Provider metadata, discovery and descriptions ----

    /**
     * R1.1: {@code id()} is short, lower-case and stable ({@code [a-z0-9-]+}); {@code displayName()} is not
     * blank; {@code uriSchemes()} is not empty and lower-case; {@code capabilities()} and
     * {@code authorization()} are not null. <em>Guards against</em> ids that cannot name a remote in sync
     * state and on the command line. <em>Skipped</em> without {@link #provider()}. <em>If it fails:</em> the
     * provider's metadata methods.
     */
    @Test
    void required_R1_1_metadataIsWellFormed() {
        verify("R1.1");
    }

    /**
     * R1.2: the provider is registered twice, so that it is found on the class path and on the module
     * path: a {@code META-INF/services/io.tinywide.chatsync.core.port.out.StorageProvider} file naming it,
     * and {@code provides ... with} it in {@code module-info.java}. The kit reads both from the provider's
     * own jar (or classes folder), as the JVM does, whichever path the test runs on. <em>Guards
     * against</em> a provider that silently vanishes on one of the two paths. <em>Skipped</em> without
     * {@link #provider()}. <em>If it fails:</em> the services file's name and the class name in it, and the
     * {@code provides} line.
     */
    @Test
    void required_R1_2_providerIsRegisteredForTheClassPathAndTheModulePath() {
        verify("R1.2");
    }

    /**
     * R1.3: {@code describe()} is not blank, equal for two storages on one root, and different for
     * storages on different roots (even {@code a/x} and {@code a/x2}). <em>Guards against</em> lost or
     * shared sync state: the engine keys what it remembers of a remote by {@code describe()}.
     * <em>If it fails:</em> that the description includes the location and the root, and nothing that
     * changes between openings (a session id, a time).
     */
    @Test
    void required_R1_3_describeNamesTheStorageAndItsRoot() {
        verify("R1.3");
    }

    /**
     * R1.4: no secret value the storage was configured with appears in {@code describe()} or in the
     * message of any exception the kit provokes (conflicts, refused paths, reads over the limit, and
     * every operation on the unreachable and unauthorized storages), nor in their causes. <em>Guards
     * against</em> keys and tokens in printed reports, logs and stored sync state. <em>Skipped</em>
     * without {@link #secrets()}. <em>If it fails:</em> URLs with credentials in them, SDK messages
     * repeated whole, configuration objects printed with {@code toString()}.
     */
    @Test
    void required_R1_4_noSecretInDescriptionsOrErrorMessages() {
        verify("R1.4");
    }

    // ---- R2 Reads: absent versus failed, bounded ----

    /**
     * R2.1: {@code read} of a path where nothing was written is empty, and {@code readVersions} an empty
     * list: top-level and nested, in a folder that exists and in one that does not. <em>Guards
     * against</em> absent files reported as errors (the engine could never start a new month).
     * <em>If it fails:</em> how the SDK's "not found" answer is recognised.
     */
    @Test
    void required_R2_1_readOfAnAbsentPathIsEmpty() {
        verify("R2.1");
    }

    /**
     * R2.2: {@code read} of a written path returns exactly the bytes written, the revision the write
     * returned and the path; {@code readVersions} returns that one version. Top-level and nested.
     * <em>Guards against</em> revisions from another source than the write (the engine's compare-and-set
     * would never match). <em>If it fails:</em> which revision the SDK returns on write and on read.
     */
    @Test
    void required_R2_2_readReturnsTheBytesAndRevisionWritten() {
        verify("R2.2");
    }

    /**
     * R2.3: every failure to read or list (an unreachable endpoint, refused credentials, throttling that
     * outlived the retries) throws a {@code StorageException}: {@code read} and {@code readVersions} never
     * return empty, {@code list} never returns an empty or partial listing. <em>Guards against</em> the
     * worst bug a provider can have: an engine that took a failed read for an absent file would write an
     * empty month over a full one. <em>Skipped</em> without {@link #createUnreachableStorage()}.
     * <em>If it fails:</em> every {@code catch} around the SDK's read and list calls.
     */
    @Test
    void required_R2_3_aFailedReadOrListingThrowsAndIsNeverEmpty() {
        verify("R2.3");
    }

    /**
     * R2.4: a bounded {@code read(path, maxBytes)} returns a file of exactly {@code maxBytes}; one byte
     * over, it throws {@code ObjectTooLargeException} naming the path and the limit (never empty, never
     * another type), and the file is left exactly as it was. Top-level, nested, and a limit of 0.
     * <em>Guards against</em> a huge or hostile remote file exhausting the reader's memory, and a file
     * too large taken for an absent one. The kit cannot measure memory: that the provider reads at most
     * {@code maxBytes + 1} bytes (or only the size) is for its own review. <em>If it fails:</em> an
     * off-by-one at the limit, a size check after reading the whole body.
     */
    @Test
    void required_R2_4_aReadOverItsLimitIsRefusedAndLeavesTheFile() {
        verify("R2.4");
    }

    /**
     * R2.5: R2.4 for {@code readVersions(path, maxBytes)}. <em>Guards against</em> the same, on the read
     * the engine uses for vaults and manifests. <em>If it fails:</em> an override of {@code readVersions}
     * that does not pass the limit on.
     */
    @Test
    void required_R2_5_aReadOfVersionsOverItsLimitIsRefusedAndLeavesTheFile() {
        verify("R2.5");
    }

    // ---- R3 Writes and revisions ----

    /**
     * R3.1: after {@code write} returns, {@code read} of that path returns the new bytes and revision
     * (read-your-write), top-level and nested. <em>Guards against</em> a device that uploads, reads back an
     * older month and takes it for the truth. <em>If it fails:</em> caches, and asynchronous uploads that
     * return before they land.
     */
    @Test
    void required_R3_1_readYourWrite() {
        verify("R3.1");
    }

    /**
     * R3.2: the revision changes on every write of a path with different content, and {@code list}
     * reports the same revision as {@code read} and as the last write for an unchanged file.
     * <em>Guards against</em> changes the engine cannot see (it revisits a month only when its listed
     * revision moved). <em>If it fails:</em> revisions from coarse timestamps, or listed from another field
     * than the one read.
     */
    @Test
    void required_R3_2_revisionsChangeOnEveryWriteAndListAgreesWithRead() {
        verify("R3.2");
    }

    /**
     * R3.3: an unconditional write replaces whatever was there: {@code read} returns the new bytes, and
     * {@code readVersions} only the new version (also on a storage that keeps versions). <em>Guards
     * against</em> writes that append, or leave the old file beside the new one. <em>If it fails:</em> the
     * overwrite mode of the upload call.
     */
    @Test
    void required_R3_3_anUnconditionalWriteReplaces() {
        verify("R3.3");
    }

    /**
     * R3.4: writes and deletes of one path leave other paths alone, in the same folder and at the top.
     * <em>Guards against</em> path mapping that collides (a folder id reused, a name normalised).
     * <em>If it fails:</em> how paths map to the backend's names or ids.
     */
    @Test
    void required_R3_4_writesOfDifferentPathsAreIndependent() {
        verify("R3.4");
    }

    /**
     * R3.5: a second storage on the same root (another device) sees every change the first makes at once:
     * absent before, created, changed, deleted, read after each, and listed; and the first sees the
     * second's change. <em>Guards against</em> per-device caches that are not revalidated (a device would
     * merge with an old month and never learn of the new one). <em>If it fails:</em> caches of reads,
     * listings, folder ids or revisions kept in the storage object.
     */
    @Test
    void required_R3_5_anotherStorageOnTheSameRootSeesEveryChange() {
        verify("R3.5");
    }

    /**
     * R3.6: concurrent writes of different paths all land. <em>Guards against</em> storages that are not
     * safe for several threads (the engine syncs months in parallel). <em>If it fails:</em> shared mutable
     * state, a client that is not thread-safe.
     */
    @Test
    void required_R3_6_concurrentWritesOfDifferentPathsAllLand() {
        verify("R3.6");
    }

    /**
     * R3.7: a write (with each condition) or a delete that cannot reach the storage throws a
     * {@code StorageException}; it never reports success. <em>Guards against</em> lost data: the engine
     * marks a month synced once its write returned. <em>Skipped</em> without
     * {@link #createUnreachableStorage()}. <em>If it fails:</em> {@code catch} blocks around the upload and
     * delete calls, and "best effort" deletes.
     */
    @Test
    void required_R3_7_aWriteOrDeleteThatFailedThrows() {
        verify("R3.7");
    }

    // ---- R4 Conditional writes ----

    /**
     * R4.1: {@code ifAbsent()} creates a file where none is, top-level and nested. <em>Guards against</em>
     * a first device unable to create its keyring and months. <em>If it fails:</em> the create-only mode of
     * the upload call.
     */
    @Test
    void required_R4_1_ifAbsentCreates() {
        verify("R4.1");
    }

    /**
     * R4.2: {@code ifAbsent()} on an existing path throws {@code PreconditionFailedException} and changes
     * nothing, top-level and nested (SPEC.md: a provider may report success for exactly the bytes already
     * there). <em>Guards against</em> two first devices each creating a keyring. <em>If it fails:</em> how
     * the backend's "already exists" answer is translated.
     */
    @Test
    void required_R4_2_ifAbsentOnAnExistingPathFailsAndChangesNothing() {
        verify("R4.2");
    }

    /**
     * R4.3: {@code ifMatch(r)} succeeds when the path holds revision {@code r}, twice in a row, top-level
     * and nested, returning a new revision. <em>Guards against</em> a compare-and-set that never matches
     * (the engine would retry forever). <em>If it fails:</em> the revision format passed to the backend
     * (quoted ETags, Drive versions, Dropbox revs).
     */
    @Test
    void required_R4_3_ifMatchOfTheCurrentRevisionSucceeds() {
        verify("R4.3");
    }

    /**
     * R4.4: {@code ifMatch(r)} with a stale {@code r}, or on an absent path, throws
     * {@code PreconditionFailedException} and changes nothing, top-level and nested. <em>Guards
     * against</em> lost updates: a device overwriting a month it has not merged. <em>If it fails:</em> the
     * condition sent with the upload, and whether an absent path is checked at all.
     */
    @Test
    void required_R4_4_ifMatchOfAStaleRevisionOrAnAbsentPathFails() {
        verify("R4.4");
    }

    /**
     * R4.5: <em>needs {@code ATOMIC_CONDITIONAL_WRITE}.</em> Of 8 writers racing through two storages on
     * one root with {@code ifMatch} of one revision, or {@code ifAbsent} on one absent path, exactly one
     * succeeds and every other gets {@code PreconditionFailedException}; {@link #raceRounds()} rounds of
     * each, so that even a narrow window between checking a condition and acting on it is caught in every
     * run. <em>Guards against</em> a storage that claims atomic compare-and-set and does not give it.
     * <em>Skipped</em> for a storage that does not declare the capability. <em>If it fails:</em> a check
     * followed by a separate write; declare the capability only per endpoint that has it.
     */
    @Test
    void optional_R4_5_racingConditionalWritersHaveExactlyOneWinner() {
        verify("R4.5");
    }

    /**
     * R4.6: a conditional write that succeeded is never lost to a racing conditional writer: after 8
     * writers raced with {@code ifMatch} of one revision (or {@code ifAbsent}), the bytes of every writer
     * that succeeded are among {@code readVersions}. Required for storages that are atomic (one winner) or
     * keep versions (every winner leaves one). <em>Guards against</em> an update reported done and then
     * silently replaced. <em>Skipped</em> for storages that are neither (an S3 endpoint configured
     * {@code conditionalWrites=non-atomic} or {@code emulated}): there a racing writer may overwrite
     * another, and the engine heals that on its next sync. <em>If it fails:</em> a versioned write that
     * removes more than the version it named.
     */
    @Test
    void required_R4_6_aConditionalWriteThatSucceededIsNeverLostToARacingWriter() {
        verify("R4.6");
    }

    // ---- R5 Listing ----

    /**
     * R5.1: {@code list(prefix)} returns every file whose path starts with the prefix and nothing else,
     * with sizes: {@code "2024/"} never returns {@code 2024x/…} or {@code 20245/…}, {@code "2024"} returns
     * those and {@code 2024.json} too, and a prefix can end inside a name. <em>Guards against</em>
     * folder-name matching that is too loose (another month's files) or too strict. <em>If it fails:</em>
     * how a prefix becomes the backend's query (a delimiter, a name filter, a trailing slash).
     */
    @Test
    void required_R5_1_listReturnsEverythingUnderThePrefixAndNothingElse() {
        verify("R5.1");
    }

    /**
     * R5.2: listing follows every page: more files than one page of the backend
     * ({@link #entriesBeyondOnePage()}) are all returned, with and without a prefix. (A path listed twice
     * is R5.5's failure.) <em>Guards against</em> months the engine never sees. <em>If it fails:</em>
     * continuation tokens, cursors, {@code has_more}.
     */
    @Test
    void required_R5_2_listFollowsEveryPage() {
        verify("R5.2");
    }

    /**
     * R5.3: nested paths ({@code a/b/c/deep.json}) are listed with their full relative path, from the root
     * and from a folder prefix. <em>Guards against</em> listings of one level only. <em>If it fails:</em>
     * recursion into folders, and how a listed name is turned back into a path.
     */
    @Test
    void required_R5_3_nestedPathsAreListedInFull() {
        verify("R5.3");
    }

    /**
     * R5.4: a deleted file is no longer listed, top-level and nested; without {@code CONSISTENT_LISTING}
     * the kit retries for 5 seconds. <em>Guards against</em> deleted versions that the engine keeps
     * reading. <em>If it fails:</em> trashed files still listed (Drive's {@code trashed=false}), caches.
     */
    @Test
    void required_R5_4_aDeletedFileIsNoLongerListed() {
        verify("R5.4");
    }

    /**
     * R5.5: each path is listed once (each version once, on a storage without {@code UNIQUE_PATHS}), after
     * overwrites and in a listing longer than one page; and on a storage that declares {@code UNIQUE_PATHS},
     * four racing creators of one name leave one file. <em>Guards against</em> entries repeated across
     * pages, and names that are not as unique as declared (the engine would read one and overwrite
     * another). <em>If it fails:</em> page boundaries (a token that repeats the last entry), and the
     * capability declared.
     */
    @Test
    void required_R5_5_eachPathOrVersionIsListedOnce() {
        verify("R5.5");
    }

    // ---- R6 Delete ----

    /**
     * R6.1: an unconditional delete removes the file (every version of it), top-level and nested; deleting
     * an absent path succeeds. <em>Guards against</em> deletes that leave the file, and errors on a file
     * already gone (a retried delete). <em>If it fails:</em> how "not found" is treated on delete.
     */
    @Test
    void required_R6_1_deleteRemovesAndDeletingAnAbsentPathSucceeds() {
        verify("R6.1");
    }

    /**
     * R6.2: <em>needs {@code CONDITIONAL_DELETE}.</em> A delete with a stale {@code ifMatch} throws
     * {@code PreconditionFailedException} and keeps the file; with the current revision it deletes; on an
     * absent path it throws. <em>Skipped</em> for a storage that does not declare the capability, after
     * showing that such a delete throws {@code UnsupportedCapabilityException} and keeps the file (a gap
     * declared must be a real gap, never a guess). <em>If it fails:</em> the condition sent with the delete.
     */
    @Test
    void optional_R6_2_conditionalDeleteHonoursTheRevision() {
        verify("R6.2");
    }

    /**
     * R6.3: a delete leaves every other file alone, and the deleted path can be created again with
     * {@code ifAbsent()}. <em>Guards against</em> deletes of folders or of look-alike names, and
     * tombstones that block a new file. <em>If it fails:</em> deletes by name pattern, trash.
     */
    @Test
    void required_R6_3_aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain() {
        verify("R6.3");
    }

    /**
     * R6.4: a delete with {@code ifAbsent()} throws {@code PreconditionFailedException} and keeps the file
     * when one exists, and succeeds when none does. <em>Guards against</em> a condition ignored on delete.
     * <em>If it fails:</em> that every condition is checked on delete, not only {@code ifMatch}.
     */
    @Test
    void required_R6_4_deleteIfAbsentFailsWhileTheFileExists() {
        verify("R6.4");
    }

    // ---- R7 Objects ----

    /** R7.1: an empty file round-trips, and is listed with size 0. <em>If it fails:</em> null bodies. */
    @Test
    void required_R7_1_anEmptyFileRoundTrips() {
        verify("R7.1");
    }

    /**
     * R7.2: binary content (every byte value) round-trips byte for byte, top-level and nested.
     * <em>Guards against</em> text conversions and content encodings. <em>If it fails:</em> charsets, a
     * {@code Content-Encoding} the client does not undo.
     */
    @Test
    void required_R7_2_binaryContentRoundTripsExactly() {
        verify("R7.2");
    }

    /**
     * R7.3: a large file ({@link #largeObjectBytes()}, 24 MiB by default) round-trips, and {@code read} and
     * {@code list} give it the revision its write returned and its size. <em>Guards against</em> truncated
     * uploads, and revisions that differ for large objects (multipart ETags). <em>If it fails:</em>
     * multipart or resumable uploads, and which revision they return.
     */
    @Test
    void required_R7_3_aLargeFileRoundTripsWithTheRevisionWritten() {
        verify("R7.3");
    }

    /**
     * R7.4: the storage shares no arrays with its callers: changing the array passed to {@code write}, or
     * one returned by {@code read} or {@code readVersions}, changes nothing stored. <em>If it fails:</em>
     * copy arrays at the boundary.
     */
    @Test
    void required_R7_4_noArraysAreSharedWithCallers() {
        verify("R7.4");
    }

    // ---- R8 Paths and roots ----

    /**
     * R8.1: a root with spaces and non-ASCII letters works, for two storages on it. <em>If it fails:</em>
     * URL encoding of names.
     */
    @Test
    void required_R8_1_aRootWithSpacesAndNonAsciiLettersWorks() {
        verify("R8.1");
    }

    /**
     * R8.2: paths that could leave the root or mean something else ({@code ..} and {@code .} segments, a
     * leading {@code /}, empty segments, a backslash, NUL and other control characters) are refused with
     * {@code IllegalArgumentException} or a {@code StorageException} by every operation ({@code write},
     * {@code read}, {@code readVersions}, {@code delete}); a listing with such a prefix refuses or lists
     * nothing; the root and its sibling are unchanged after. <em>Guards against</em> reading, overwriting
     * or deleting another user's files. <em>If it fails:</em> call
     * {@code RemotePaths.requireValid} first in every operation, not only in {@code write}.
     */
    @Test
    void required_R8_2_pathsThatCouldLeaveTheRootAreRefusedByEveryOperation() {
        verify("R8.2");
    }

    /**
     * R8.3: storages on sibling roots are isolated, even when one root's name starts the other's
     * ({@code a/x} and {@code a/x2}): neither lists, reads nor overwrites the other's files. <em>Guards
     * against</em> another user's files fed to the engine, which lists its whole root. <em>If it
     * fails:</em> a root used as a string prefix without its trailing {@code /}.
     */
    @Test
    void required_R8_3_siblingRootsAreIsolatedEvenWhenOneNameStartsTheOther() {
        verify("R8.3");
    }

    // ---- R9 Errors ----

    /**
     * R9.1: every failure the kit provokes (conflicts, a read over its limit, a refused path, and every
     * operation on the unreachable storage when there is one) is a {@code StorageException} (or
     * {@code IllegalArgumentException} for a refused argument), never a raw SDK, HTTP or I/O exception,
     * and its message names the storage ({@code describe()}) and the path. <em>Guards against</em> errors a
     * user cannot act on. <em>If it fails:</em> use
     * {@code new PreconditionFailedException(describe(), path, ...)} and put both in every message.
     */
    @Test
    void required_R9_1_failuresAreStorageExceptionsNamingTheStorageAndThePath() {
        verify("R9.1");
    }

    /**
     * R9.2: refused credentials are an {@code AuthenticationException} for {@code read},
     * {@code readVersions}, {@code list}, {@code write} and {@code delete}, never success and never another
     * type. <em>Guards against</em> a revoked token mistaken for a passing glitch, or for an empty remote.
     * <em>Skipped</em> without {@link #createUnauthorizedStorage()}. <em>If it fails:</em> how 401 and 403
     * answers are translated, on every call.
     */
    @Test
    void required_R9_2_refusedCredentialsAreAnAuthenticationExceptionForEveryOperation() {
        verify("R9.2");
    }

    // ---- R10 Lifecycle ----

    /**
     * R10.1: {@code close()} returns (within minutes: a hang detector, not a speed limit) and may be
     * called twice. <em>If it fails:</em> thread pools and connection pools that wait forever.
     */
    @Test
    void required_R10_1_closeReturnsAndMayBeCalledTwice() {
        verify("R10.1");
    }

    /**
     * R10.2: a closed storage never answers wrongly: {@code read}, {@code readVersions}, {@code list},
     * {@code write} and {@code delete} after {@code close()} either throw, or tell the truth (a write or
     * delete that reports success really happened, as a fresh storage on the root sees). <em>Guards
     * against</em> a shut-down client taken for an empty remote, or a write reported done that never was.
     * <em>If it fails:</em> what the SDK's calls return after its client is closed.
     */
    @Test
    void required_R10_2_aClosedStorageNeverAnswersWrongly() {
        verify("R10.2");
    }

    /**
     * R10.3: {@code removeRootIfEmpty()} never removes a file (it returns false while one is there), and
     * once the root's files are deleted it removes the root, so that nothing is listed there. <em>Guards
     * against</em> data lost to the cleanup of {@code chatsync check-remote} and of the kit. <em>If it
     * fails:</em> the override of {@code removeRootIfEmpty()}, which must look for files first.
     */
    @Test
    void required_R10_3_removingAnEmptyRootNeverRemovesAFile() {
        verify("R10.3");
    }

    // ---- R12 Versions of one name (storages without UNIQUE_PATHS) ----

    /**
     * R12.1: <em>for storages without {@code UNIQUE_PATHS}.</em> After racing creators left several
     * versions of one name, {@code list} shows one entry per version with its own revision and size,
     * {@code readVersions} returns every version (the same revisions), and {@code read} returns the oldest,
     * readVersions' first; a second storage on the root reads the same. <em>Skipped</em> for storages that
     * declare {@code UNIQUE_PATHS} (which R5.5 holds to it), or when racing creators never left two
     * versions. <em>If it fails:</em> the listing query, and the order by creation time.
     */
    @Test
    void optional_R12_1_everyVersionIsListedAndTheOldestIsRead() {
        verify("R12.1");
    }

    /**
     * R12.2: <em>for storages without {@code UNIQUE_PATHS}.</em> {@code write(ifMatch(r))} adds a version
     * (listed last) and removes {@code r} and nothing else; with {@code r} gone it throws
     * {@code PreconditionFailedException} and changes nothing. <em>Guards against</em> a merge that removes
     * a version nobody merged. <em>Skipped</em> as R12.1. <em>If it fails:</em> what the write removes.
     */
    @Test
    void optional_R12_2_ifMatchAddsAVersionAndRemovesOnlyThatRevision() {
        verify("R12.2");
    }

    /**
     * R12.3: <em>for storages without {@code UNIQUE_PATHS}.</em> {@code write(ifAbsent())} throws
     * {@code PreconditionFailedException} while any version exists, and changes nothing. <em>Skipped</em>
     * as R12.1. <em>If it fails:</em> the check looks for every file of the name.
     */
    @Test
    void optional_R12_3_ifAbsentFailsWhileAnyVersionExists() {
        verify("R12.3");
    }

    /**
     * R12.4: <em>for storages without {@code UNIQUE_PATHS}.</em> An unconditional write removes every
     * version that was there: {@code readVersions} then returns only the new one. <em>Skipped</em> as
     * R12.1. <em>If it fails:</em> what an overwrite removes.
     */
    @Test
    void optional_R12_4_anUnconditionalWriteReplacesEveryVersion() {
        verify("R12.4");
    }

    /**
     * R12.5: <em>for storages without {@code UNIQUE_PATHS}, which must declare {@code CONDITIONAL_DELETE}.</em>
     * {@code delete(ifMatch(r))} removes exactly version {@code r}; again, with {@code r} gone, it throws
     * {@code PreconditionFailedException}; an unconditional delete removes every version. <em>Guards
     * against</em> the engine's clean-up of merged versions removing one it did not merge. <em>Skipped</em>
     * as R12.1. <em>If it fails:</em> the capability declared, and delete by id rather than by name.
     */
    @Test
    void optional_R12_5_aConditionalDeleteRemovesExactlyThatVersion() {
        verify("R12.5");
    }

    /**
     * R12.6: <em>for storages without {@code UNIQUE_PATHS}.</em> {@code readVersions(path, maxBytes)}
     * returns every version when the largest fits, and throws {@code ObjectTooLargeException} (changing
     * nothing) when any version is one byte over. <em>Skipped</em> as R12.1. <em>If it fails:</em> the
     * limit applies to each version, not to the first only.
     */
    @Test
    void optional_R12_6_aReadOfVersionsIsRefusedIfAnyIsOverTheLimit() {
        verify("R12.6");
    }
}
