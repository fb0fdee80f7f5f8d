package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The storage rules of {@code sync-tck/SPEC.md} (R1–R10) as JUnit 5 tests. A provider's test module
 * extends this class and implements one factory method:
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
 * <p>Optional hooks say more about the storage: {@link #provider()} for the metadata rules,
 * {@link #createUnreachableStorage()} for the absent-versus-failed rule, {@link #entriesBeyondOnePage()}
 * and {@link #largeObjectBytes()} for sizes. Rules for capabilities the storage does not declare are
 * skipped with the reason. Test names carry the rule: {@code required_R4_2_…}, {@code optional_R4_5_…}.
 */
public abstract class StorageProviderVerification {
    private final List<CloudStorage> opened = new ArrayList<>();
    private String testName = "test";

    /**
     * A storage under a root of its own that no other test uses, empty at first. The root is a
     * relative folder name that may contain spaces and non-ASCII letters (rule R8.1).
     */
    protected abstract CloudStorage createStorage(String root) throws Exception;

    /** The provider, for the metadata rules R1.x; {@code null} skips them. */
    protected StorageProvider provider() {
        return null;
    }

    /**
     * A storage of this provider that cannot be reached (a closed port, a refused credential), for
     * rule R2.3. Empty skips the rule.
     */
    protected Optional<CloudStorage> createUnreachableStorage() throws Exception {
        return Optional.empty();
    }

    /**
     * A storage of this provider whose credentials the backend refuses, for rule R9.2. Empty skips
     * the rule.
     */
    protected Optional<CloudStorage> createUnauthorizedStorage() throws Exception {
        return Optional.empty();
    }

    /** How many files R5.2 creates; more than one page of the backend's listing. */
    protected int entriesBeyondOnePage() {
        return 120;
    }

    /** The size of R7.3's large file. */
    protected int largeObjectBytes() {
        return 24 << 20;
    }

    @org.junit.jupiter.api.BeforeEach
    void rememberName(TestInfo info) {
        testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
    }

    @AfterEach
    void closeStorages() {
        for (CloudStorage s : opened) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // R10 is tested on its own; cleanup must not hide the real failure
            }
        }
        opened.clear();
    }

    /** A fresh storage for the current test. */
    protected final CloudStorage storage() throws Exception {
        return open("tck " + testName + " ü " + UUID.randomUUID().toString().substring(0, 8));
    }

    private CloudStorage open(String root) throws Exception {
        CloudStorage s = createStorage(root);
        assertThat(s).as("createStorage(\"%s\") returned null", root).isNotNull();
        opened.add(s);
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String where(CloudStorage s, String what) {
        return s.describe() + ": " + what;
    }

    // ---- R1 ----

    @Test
    void required_R1_1_metadataIsWellFormed() {
        StorageProvider p = provider();
        Assumptions.assumeTrue(p != null, "R1.1 skipped: provider() is not overridden");
        assertThat(p.id()).as("provider id").matches("[a-z0-9-]+");
        assertThat(p.displayName()).as("display name").isNotBlank();
        assertThat(p.uriSchemes()).as("uri schemes").isNotEmpty().allMatch(s -> s.equals(s.toLowerCase()));
        assertThat(p.capabilities()).as("capabilities").isNotNull();
    }

    @Test
    void required_R1_2_providerIsFoundByServiceLoader() {
        StorageProvider p = provider();
        Assumptions.assumeTrue(p != null, "R1.2 skipped: provider() is not overridden");
        assertThat(io.tinywide.chatsync.core.port.out.ProviderRegistry.load(p.getClass().getClassLoader())
                .find(p.id())).as("ServiceLoader finds provider '%s' (META-INF/services and module-info)", p.id())
                .isPresent().get().isInstanceOf(p.getClass());
    }

    @Test
    void required_R1_3_describeNamesTheStorage() throws Exception {
        CloudStorage s = storage();
        assertThat(s.describe()).as("describe()").isNotBlank().doesNotContainIgnoringCase("secret")
                .doesNotContainIgnoringCase("password");
    }

    // ---- R2 ----

    @Test
    void required_R2_1_readOfAnAbsentPathIsEmpty() throws Exception {
        CloudStorage s = storage();
        assertThat(s.read("2024/none.json")).as(where(s, "read of a path never written")).isEmpty();
    }

    @Test
    void required_R2_2_readReturnsTheBytesAndRevisionWritten() throws Exception {
        CloudStorage s = storage();
        Revision r = s.write("a.json", utf8("hello"), WriteCondition.ifAbsent());
        RemoteObject o = s.read("a.json").orElseThrow(() -> new AssertionError(where(s, "a.json vanished")));
        assertThat(o.bytes()).isEqualTo(utf8("hello"));
        assertThat(o.revision()).as(where(s, "revision of read vs write")).isEqualTo(r);
        assertThat(o.path()).isEqualTo("a.json");
    }

    @Test
    void required_R2_3_aFailedReadThrowsAndIsNeverEmpty() throws Exception {
        Optional<CloudStorage> unreachable = createUnreachableStorage();
        Assumptions.assumeTrue(unreachable.isPresent(), "R2.3 skipped: createUnreachableStorage() is not overridden");
        CloudStorage s = unreachable.get();
        opened.add(s);
        assertThatThrownBy(() -> {
            Optional<RemoteObject> result = s.read("2024/chat_vault_2024_01.json");
            fail("R2.3: read on an unreachable storage returned %s instead of throwing; a failed read was "
                    + "taken for an absent file", result);
        }).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> s.list("")).as("R2.3: list on an unreachable storage")
                .isInstanceOf(StorageException.class);
    }

    // ---- R3 ----

    @Test
    void required_R3_1_readYourWrite() throws Exception {
        CloudStorage s = storage();
        for (int i = 0; i < 5; i++) {
            byte[] content = utf8("version " + i);
            s.write("2024/chat_vault_2024_01.json", content, WriteCondition.unconditional());
            assertThat(s.read("2024/chat_vault_2024_01.json").orElseThrow().bytes())
                    .as(where(s, "read right after write " + i)).isEqualTo(content);
        }
    }

    @Test
    void required_R3_2_revisionsChangeOnEveryWriteAndListAgreesWithRead() throws Exception {
        CloudStorage s = storage();
        Set<Revision> seen = new HashSet<>();
        Revision last = null;
        for (int i = 0; i < 5; i++) {
            last = s.write("r.json", utf8("content " + i), WriteCondition.unconditional());
            assertThat(seen.add(last)).as(where(s, "revision %s was returned twice"), last).isTrue();
        }
        Revision listed = s.list("").stream().filter(e -> e.path().equals("r.json")).findFirst()
                .map(RemoteEntry::revision).orElseThrow(() -> new AssertionError("r.json not listed"));
        assertThat(listed).as(where(s, "listed revision of an unchanged file")).isEqualTo(last)
                .isEqualTo(s.read("r.json").orElseThrow().revision());
    }

    @Test
    void required_R3_3_anUnconditionalWriteReplaces() throws Exception {
        CloudStorage s = storage();
        s.write("u.json", utf8("one"), WriteCondition.ifAbsent());
        s.write("u.json", utf8("two"), WriteCondition.unconditional());
        assertThat(s.read("u.json").orElseThrow().bytes()).isEqualTo(utf8("two"));
    }

    @Test
    void required_R3_4_writesOfDifferentPathsAreIndependent() throws Exception {
        CloudStorage s = storage();
        s.write("2024/a.json", utf8("a"), WriteCondition.ifAbsent());
        s.write("2024/b.json", utf8("b"), WriteCondition.ifAbsent());
        s.write("2024/a.json", utf8("a2"), WriteCondition.unconditional());
        assertThat(s.read("2024/b.json").orElseThrow().bytes()).isEqualTo(utf8("b"));
    }

    @Test
    void required_R3_5_aWriteIsVisibleToAnotherStorageOnTheSameRoot() throws Exception {
        String root = "tck shared " + UUID.randomUUID().toString().substring(0, 8);
        CloudStorage first = open(root);
        CloudStorage second = open(root);
        Revision r = first.write("2024/shared.json", utf8("from the first device"), WriteCondition.ifAbsent());
        RemoteObject seen = second.read("2024/shared.json")
                .orElseThrow(() -> new AssertionError(where(second, "a file written through another storage is absent")));
        assertThat(seen.bytes()).isEqualTo(utf8("from the first device"));
        assertThat(seen.revision()).isEqualTo(r);
        assertThat(second.list("2024/")).extracting(RemoteEntry::path).containsExactly("2024/shared.json");
    }

    @Test
    void required_R3_6_concurrentWritesOfDifferentPathsAllLand() throws Exception {
        CloudStorage s = storage();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Revision>> writes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String path = String.format("c/%02d.json", i);
                byte[] content = utf8("file " + i);
                writes.add(pool.submit(() -> s.write(path, content, WriteCondition.ifAbsent())));
            }
            for (Future<Revision> w : writes) {
                w.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 24; i++) {
            assertThat(s.read(String.format("c/%02d.json", i)).orElseThrow().bytes()).isEqualTo(utf8("file " + i));
        }
    }

    // ---- R4 ----

    @Test
    void required_R4_1_ifAbsentCreates() throws Exception {
        CloudStorage s = storage();
        s.write("new.json", utf8("x"), WriteCondition.ifAbsent());
        assertThat(s.read("new.json")).isPresent();
    }

    @Test
    void required_R4_2_ifAbsentOnAnExistingPathFailsAndChangesNothing() throws Exception {
        CloudStorage s = storage();
        Revision r = s.write("k.json", utf8("first"), WriteCondition.ifAbsent());
        assertThatThrownBy(() -> s.write("k.json", utf8("second"), WriteCondition.ifAbsent()))
                .as(where(s, "second create-if-absent")).isInstanceOf(PreconditionFailedException.class);
        RemoteObject o = s.read("k.json").orElseThrow();
        assertThat(o.bytes()).isEqualTo(utf8("first"));
        assertThat(o.revision()).isEqualTo(r);
    }

    @Test
    void required_R4_3_ifMatchOfTheCurrentRevisionSucceeds() throws Exception {
        CloudStorage s = storage();
        Revision r1 = s.write("m.json", utf8("one"), WriteCondition.ifAbsent());
        Revision r2 = s.write("m.json", utf8("two"), WriteCondition.ifMatch(r1));
        assertThat(s.read("m.json").orElseThrow().revision()).isEqualTo(r2);
    }

    @Test
    void required_R4_4_ifMatchOfAStaleRevisionOrAnAbsentPathFails() throws Exception {
        CloudStorage s = storage();
        Revision r1 = s.write("m.json", utf8("one"), WriteCondition.ifAbsent());
        s.write("m.json", utf8("two"), WriteCondition.ifMatch(r1));
        assertThatThrownBy(() -> s.write("m.json", utf8("three"), WriteCondition.ifMatch(r1)))
                .as(where(s, "write with a stale revision")).isInstanceOf(PreconditionFailedException.class);
        assertThat(s.read("m.json").orElseThrow().bytes()).isEqualTo(utf8("two"));
        assertThatThrownBy(() -> s.write("absent.json", utf8("x"), WriteCondition.ifMatch(r1)))
                .as(where(s, "ifMatch on an absent path")).isInstanceOf(PreconditionFailedException.class);
        assertThat(s.read("absent.json")).isEmpty();
    }

    @Test
    void optional_R4_5_racingWritersHaveExactlyOneWinner() throws Exception {
        String root = "tck race " + UUID.randomUUID().toString().substring(0, 8);
        CloudStorage s = open(root);
        Assumptions.assumeTrue(s.capabilities().contains(Capability.ATOMIC_CONDITIONAL_WRITE),
                "R4.5 skipped: " + s.describe() + " does not declare ATOMIC_CONDITIONAL_WRITE");
        // Half the writers go through a second storage on the same root, as another device would.
        List<CloudStorage> devices = List.of(s, open(root));
        Revision base = s.write("race.json", utf8("base"), WriteCondition.ifAbsent());
        assertThat(race(devices, "race.json", WriteCondition.ifMatch(base)))
                .as(where(s, "winners of an ifMatch race")).isEqualTo(1);
        assertThat(race(devices, "created.json", WriteCondition.ifAbsent()))
                .as(where(s, "winners of an ifAbsent race")).isEqualTo(1);
    }

    private static int race(List<CloudStorage> devices, String path, WriteCondition condition) throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                CloudStorage device = devices.get(i % devices.size());
                byte[] content = utf8("writer " + i);
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        device.write(path, content, condition);
                        return true;
                    } catch (PreconditionFailedException lost) {
                        return false;
                    }
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(2, TimeUnit.MINUTES) ? 1 : 0;
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- R5 ----

    @Test
    void required_R5_1_listReturnsEverythingUnderThePrefixAndNothingElse() throws Exception {
        CloudStorage s = storage();
        s.write("2024/chat_vault_2024_01.json", utf8("1"), WriteCondition.ifAbsent());
        s.write("2024/chat_manifest_2024_01.json", utf8("22"), WriteCondition.ifAbsent());
        s.write("2025/chat_vault_2025_01.json", utf8("333"), WriteCondition.ifAbsent());
        s.write("keyring.json", utf8("4444"), WriteCondition.ifAbsent());
        assertThat(s.list("")).extracting(RemoteEntry::path).as(where(s, "list of everything"))
                .containsExactlyInAnyOrder("2024/chat_vault_2024_01.json", "2024/chat_manifest_2024_01.json",
                        "2025/chat_vault_2025_01.json", "keyring.json");
        assertThat(s.list("2024/")).extracting(RemoteEntry::path, RemoteEntry::size)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("2024/chat_vault_2024_01.json", 1L),
                        org.assertj.core.groups.Tuple.tuple("2024/chat_manifest_2024_01.json", 2L));
        assertThat(s.list("2026/")).isEmpty();
    }

    @Test
    void required_R5_2_listFollowsEveryPage() throws Exception {
        CloudStorage s = storage();
        int n = entriesBeyondOnePage();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String path = String.format("p/%04d.json", i);
            s.write(path, utf8(Integer.toString(i)), WriteCondition.ifAbsent());
            expected.add(path);
        }
        Set<String> listed = s.list("p/").stream().map(RemoteEntry::path).collect(Collectors.toSet());
        assertThat(listed).as(where(s, "listing of " + n + " files (pages dropped?)")).hasSize(n).isEqualTo(expected);
    }

    @Test
    void required_R5_3_nestedPathsAreListedInFull() throws Exception {
        CloudStorage s = storage();
        s.write("a/b/c/deep.json", utf8("x"), WriteCondition.ifAbsent());
        assertThat(s.list("")).extracting(RemoteEntry::path).containsExactly("a/b/c/deep.json");
        assertThat(s.list("a/b/")).extracting(RemoteEntry::path).containsExactly("a/b/c/deep.json");
    }

    @Test
    void required_R5_5_eachPathIsListedOnce() throws Exception {
        CloudStorage s = storage();
        for (int i = 0; i < 3; i++) {
            s.write("2024/chat_vault_2024_01.json", utf8("v" + i), WriteCondition.unconditional());
        }
        s.write("2024/chat_vault_2024_02.json", utf8("x"), WriteCondition.ifAbsent());
        assertThat(s.list("")).extracting(RemoteEntry::path).as(where(s, "listing after overwrites"))
                .containsExactlyInAnyOrder("2024/chat_vault_2024_01.json", "2024/chat_vault_2024_02.json");
    }

    @Test
    void required_R5_4_aDeletedFileIsNoLongerListed() throws Exception {
        CloudStorage s = storage();
        s.write("d.json", utf8("x"), WriteCondition.ifAbsent());
        s.delete("d.json", WriteCondition.unconditional());
        boolean consistent = s.capabilities().contains(Capability.CONSISTENT_LISTING);
        for (int attempt = 0; ; attempt++) {
            if (s.list("").stream().noneMatch(e -> e.path().equals("d.json"))) {
                return;
            }
            if (consistent || attempt >= 20) {
                fail(where(s, "d.json is still listed after its delete"));
            }
            Thread.sleep(250);
        }
    }

    // ---- R6 ----

    @Test
    void required_R6_1_deleteRemovesAndDeletingAnAbsentPathSucceeds() throws Exception {
        CloudStorage s = storage();
        s.write("x.json", utf8("x"), WriteCondition.ifAbsent());
        s.delete("x.json", WriteCondition.unconditional());
        assertThat(s.read("x.json")).isEmpty();
        assertThatCode(() -> s.delete("x.json", WriteCondition.unconditional())).doesNotThrowAnyException();
    }

    @Test
    void required_R6_3_aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain() throws Exception {
        CloudStorage s = storage();
        s.write("2024/a.json", utf8("a"), WriteCondition.ifAbsent());
        s.write("2024/b.json", utf8("b"), WriteCondition.ifAbsent());
        s.delete("2024/a.json", WriteCondition.unconditional());
        assertThat(s.read("2024/b.json").orElseThrow().bytes()).isEqualTo(utf8("b"));
        s.write("2024/a.json", utf8("again"), WriteCondition.ifAbsent());
        assertThat(s.read("2024/a.json").orElseThrow().bytes()).isEqualTo(utf8("again"));
    }

    @Test
    void optional_R6_2_conditionalDeleteHonoursTheRevision() throws Exception {
        CloudStorage s = storage();
        Revision r1 = s.write("c.json", utf8("one"), WriteCondition.ifAbsent());
        if (!s.capabilities().contains(Capability.CONDITIONAL_DELETE)) {
            assertThatThrownBy(() -> s.delete("c.json", WriteCondition.ifMatch(r1)))
                    .as("without CONDITIONAL_DELETE, a conditional delete must refuse, not guess")
                    .isInstanceOf(UnsupportedCapabilityException.class);
            Assumptions.abort("R6.2 skipped: " + s.describe() + " does not declare CONDITIONAL_DELETE (and refuses "
                    + "it as it should)");
        }
        Revision r2 = s.write("c.json", utf8("two"), WriteCondition.ifMatch(r1));
        assertThatThrownBy(() -> s.delete("c.json", WriteCondition.ifMatch(r1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(s.read("c.json")).isPresent();
        s.delete("c.json", WriteCondition.ifMatch(r2));
        assertThat(s.read("c.json")).isEmpty();
    }

    // ---- R7 ----

    @Test
    void required_R7_1_anEmptyFileRoundTrips() throws Exception {
        CloudStorage s = storage();
        s.write("empty.json", new byte[0], WriteCondition.ifAbsent());
        assertThat(s.read("empty.json").orElseThrow().bytes()).isEmpty();
        assertThat(s.list("")).extracting(RemoteEntry::size).containsExactly(0L);
    }

    @Test
    void required_R7_2_binaryContentRoundTripsExactly() throws Exception {
        CloudStorage s = storage();
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        s.write("bin.dat", all, WriteCondition.ifAbsent());
        assertThat(s.read("bin.dat").orElseThrow().bytes()).isEqualTo(all);
    }

    @Test
    void required_R7_3_aLargeFileRoundTrips() throws Exception {
        CloudStorage s = storage();
        byte[] large = new byte[largeObjectBytes()];
        new Random(7).nextBytes(large);
        s.write("2024/large.bin", large, WriteCondition.ifAbsent());
        byte[] back = s.read("2024/large.bin").orElseThrow().bytes();
        assertThat(back.length).isEqualTo(large.length);
        assertThat(java.util.Arrays.equals(back, large)).as(where(s, "large file content")).isTrue();
    }

    @Test
    void required_R7_4_noArraysAreSharedWithCallers() throws Exception {
        CloudStorage s = storage();
        byte[] written = utf8("original");
        s.write("arr.json", written, WriteCondition.ifAbsent());
        written[0] = 'X';
        byte[] firstRead = s.read("arr.json").orElseThrow().bytes();
        assertThat(firstRead).as(where(s, "content after the caller changed its array")).isEqualTo(utf8("original"));
        firstRead[0] = 'Y';
        assertThat(s.read("arr.json").orElseThrow().bytes()).isEqualTo(utf8("original"));
    }

    // ---- R8 ----

    @Test
    void required_R8_1_aRootWithSpacesAndNonAsciiLettersWorks() throws Exception {
        CloudStorage s = open("Mes données · チャット " + UUID.randomUUID().toString().substring(0, 8));
        s.write("2024/chat_vault_2024_01.json", utf8("x"), WriteCondition.ifAbsent());
        assertThat(s.read("2024/chat_vault_2024_01.json")).isPresent();
        assertThat(s.list("")).extracting(RemoteEntry::path).containsExactly("2024/chat_vault_2024_01.json");
    }

    @Test
    void required_R8_2_pathsThatCouldLeaveTheRootAreRefused() throws Exception {
        CloudStorage s = storage();
        for (String bad : List.of("../escape.json", "/abs.json", "a/../../b.json", "a//b.json")) {
            assertThatThrownBy(() -> s.write(bad, utf8("x"), WriteCondition.unconditional()))
                    .as(where(s, "write of '" + bad + "'"))
                    .isInstanceOfAny(IllegalArgumentException.class, StorageException.class);
        }
    }

    @Test
    void required_R8_3_siblingRootsAreIsolated() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        CloudStorage left = open("tck sibling " + id + "/left");
        CloudStorage right = open("tck sibling " + id + "/right");
        left.write("x.json", utf8("left"), WriteCondition.ifAbsent());
        assertThat(right.list("")).as(where(right, "listing of a sibling root")).isEmpty();
        assertThat(right.read("x.json")).isEmpty();
        right.write("x.json", utf8("right"), WriteCondition.ifAbsent());
        assertThat(left.read("x.json").orElseThrow().bytes()).isEqualTo(utf8("left"));
    }

    // ---- R9 ----

    @Test
    void required_R9_1_failuresAreStorageExceptionsNamingTheStorage() throws Exception {
        CloudStorage s = storage();
        s.write("e.json", utf8("x"), WriteCondition.ifAbsent());
        try {
            s.write("e.json", utf8("y"), WriteCondition.ifAbsent());
            fail("R9.1: expected PreconditionFailedException");
        } catch (RuntimeException e) {
            assertThat(e).isInstanceOf(PreconditionFailedException.class).hasMessageContaining("e.json");
        }
        Optional<CloudStorage> unreachable = createUnreachableStorage();
        if (unreachable.isPresent()) {
            opened.add(unreachable.get());
            assertThatThrownBy(() -> unreachable.get().write("x.json", utf8("x"), WriteCondition.unconditional()))
                    .as("R9.1: a failed write").isInstanceOf(StorageException.class)
                    .satisfies(e -> assertThat(e.getClass().getPackageName())
                            .isEqualTo("io.tinywide.chatsync.core.port.out"));
        }
    }

    @Test
    void required_R9_2_refusedCredentialsAreAnAuthenticationException() throws Exception {
        Optional<CloudStorage> unauthorized = createUnauthorizedStorage();
        Assumptions.assumeTrue(unauthorized.isPresent(), "R9.2 skipped: createUnauthorizedStorage() is not overridden");
        CloudStorage s = unauthorized.get();
        opened.add(s);
        assertThatThrownBy(() -> s.read("keyring.json")).as("R9.2: read").isInstanceOf(
                io.tinywide.chatsync.core.port.out.AuthenticationException.class);
        assertThatThrownBy(() -> s.list("")).as("R9.2: list").isInstanceOf(
                io.tinywide.chatsync.core.port.out.AuthenticationException.class);
        assertThatThrownBy(() -> s.write("x.json", utf8("x"), WriteCondition.ifAbsent())).as("R9.2: write")
                .isInstanceOf(io.tinywide.chatsync.core.port.out.AuthenticationException.class);
    }

    // ---- R10 ----

    @Test
    void required_R10_1_closeIsPromptAndIdempotent() throws Exception {
        CloudStorage s = storage();
        s.write("z.json", utf8("x"), WriteCondition.ifAbsent());
        assertThatCode(() -> {
            s.close();
            s.close();
        }).as(where(s, "close twice")).doesNotThrowAnyException();
    }

    @Test
    void required_R10_2_aClosedStorageNeverAnswersWrongly() throws Exception {
        CloudStorage s = storage();
        s.write("kept.json", utf8("kept"), WriteCondition.ifAbsent());
        s.close();
        Optional<RemoteObject> afterClose;
        try {
            afterClose = s.read("kept.json");
        } catch (RuntimeException refused) {
            return; // refusing after close is right
        }
        assertThat(afterClose).as(where(s, "read after close reported a written file as absent")).isPresent();
        assertThat(afterClose.get().bytes()).isEqualTo(utf8("kept"));
    }
}
