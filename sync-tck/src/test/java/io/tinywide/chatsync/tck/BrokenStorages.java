package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;
import io.tinywide.chatsync.tck.rules.StorageSubject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Deliberately broken storages, each one bug seen in real S3, Drive, Dropbox or folder backends, on
 * top of the in-memory storage. {@link KitCatchesBrokenStoragesTest} runs every rule on each and
 * checks that exactly the rule named here fails, with the observation named here in its message.
 */
final class BrokenStorages {
    /** A secret the healthy storages are configured with and never show. */
    static final String SECRET = "tck-secret-4f2a91";

    /**
     * One broken storage.
     *
     * @param bug      what is wrong, in words
     * @param rule     the rule that must fail, and no other
     * @param observed a part of the failure's message that says what was seen
     */
    record Fixture(String bug, String rule, String observed, Subject subject) {
        @Override
        public String toString() {
            return rule + ": " + bug;
        }
    }

    private BrokenStorages() {
    }

    /**
     * What the kit runs on: in-memory remotes by root, wrapped per opening, with every hook given, so
     * that every rule runs. Fixtures change one part.
     */
    static final class Subject implements StorageSubject {
        private final Map<String, InMemoryStorage> remotes = new ConcurrentHashMap<>();
        private Function<String, InMemoryStorage> newRemote = InMemoryStorage::new;
        private BiFunction<String, CloudStorage, CloudStorage> wrap = (root, s) -> s;
        private Supplier<CloudStorage> unreachable = () -> new Unreachable("unreachable");
        private Supplier<CloudStorage> unauthorized = () -> new Unauthorized("unauthorized", "the key was refused");
        private Supplier<StorageProvider> provider = FixtureProviders::good;
        private int raceRounds = 2;

        static Subject healthy() {
            return new Subject();
        }

        static Subject versioned() {
            return new Subject().remotes(root -> InMemoryStorage.versioned(root, Duration.ofMillis(2)));
        }

        Subject remotes(Function<String, InMemoryStorage> factory) {
            this.newRemote = factory;
            return this;
        }

        Subject wrap(BiFunction<String, CloudStorage, CloudStorage> wrapper) {
            this.wrap = wrapper;
            return this;
        }

        Subject wrap(Function<CloudStorage, CloudStorage> wrapper) {
            this.wrap = (root, s) -> wrapper.apply(s);
            return this;
        }

        Subject unreachable(Supplier<CloudStorage> storage) {
            this.unreachable = storage;
            return this;
        }

        Subject unauthorized(Supplier<CloudStorage> storage) {
            this.unauthorized = storage;
            return this;
        }

        Subject provider(Supplier<StorageProvider> p) {
            this.provider = p;
            return this;
        }

        Subject raceRounds(int rounds) {
            this.raceRounds = rounds;
            return this;
        }

        /** The remote of a root, as the wrappers that reach across roots see it. */
        InMemoryStorage remote(String root) {
            return remotes.computeIfAbsent(root, newRemote);
        }

        boolean hasRemote(String root) {
            return remotes.containsKey(root);
        }

        @Override
        public CloudStorage open(String root) {
            return wrap.apply(root, remote(root).sharedView());
        }

        @Override
        public Optional<StorageProvider> provider() {
            return Optional.of(provider.get());
        }

        @Override
        public Optional<CloudStorage> openUnreachable() {
            return Optional.of(unreachable.get());
        }

        @Override
        public Optional<CloudStorage> openUnauthorized() {
            return Optional.of(unauthorized.get());
        }

        @Override
        public Set<String> secrets() {
            return Set.of(SECRET);
        }

        @Override
        public int largeObjectBytes() {
            return 1 << 20;
        }

        @Override
        public int raceRounds() {
            return raceRounds;
        }
    }

    // ---- healthy helpers ----

    /** Every call fails as a refused connection does, with a message that says where. */
    static class Unreachable implements CloudStorage {
        private final String name;

        Unreachable(String name) {
            this.name = "memory:" + name;
        }

        RuntimeException refused(String what) {
            return new TransientStorageException(name + ": cannot " + what + ": connection refused", null);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            throw refused("list " + prefix);
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            throw refused("read " + RemotePaths.requireValid(name, path));
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            throw refused("read " + RemotePaths.requireValid(name, path));
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            throw refused("write " + RemotePaths.requireValid(name, path));
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            throw refused("delete " + RemotePaths.requireValid(name, path));
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.allOf(Capability.class);
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {
        }
    }

    /** Every call is refused as a revoked key is. */
    static class Unauthorized extends Unreachable {
        private final String reason;

        Unauthorized(String name, String reason) {
            super(name);
            this.reason = reason;
        }

        @Override
        RuntimeException refused(String what) {
            return new AuthenticationException(describe() + ": cannot " + what + ": " + reason, null);
        }
    }

    /** The storage with other capabilities declared. */
    static CloudStorage declaring(CloudStorage s, Set<Capability> capabilities) {
        return new ForwardingStorage(s) {
            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }
        };
    }

    static Set<Capability> without(CloudStorage s, Capability c) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(s.capabilities());
        caps.remove(c);
        return caps;
    }

    static Set<Capability> with(CloudStorage s, Capability c) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(s.capabilities());
        caps.add(c);
        return caps;
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static boolean exists(CloudStorage s, String path) {
        return !s.readVersions(path, CloudStorage.MAX_READ_BYTES).isEmpty();
    }

    // ---- the catalogue ----

    static List<Fixture> all() {
        List<Fixture> all = new ArrayList<>();
        all.addAll(metadata());
        all.addAll(reads());
        all.addAll(writes());
        all.addAll(conditions());
        all.addAll(listings());
        all.addAll(deletes());
        all.addAll(objects());
        all.addAll(paths());
        all.addAll(errorsAndLifecycle());
        all.addAll(versions());
        return all;
    }

    private static List<Fixture> metadata() {
        return List.of(
                new Fixture("its id is not lower-case", "R1.1", "must be short, lower-case",
                        Subject.healthy().provider(FixtureProviders::badId)),
                new Fixture("its jar has no META-INF/services file", "R1.2", "on the class path, ServiceLoader finds "
                        + "nothing", Subject.healthy().provider(FixtureProviders::withoutServicesFile)),
                new Fixture("its module-info.java does not provide it", "R1.2", "lacks 'provides",
                        Subject.healthy().provider(FixtureProviders::withoutProvides)),
                new Fixture("one description for every root", "R1.3", "storages on different roots must differ",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public String describe() {
                                return "memory";
                            }
                        })),
                new Fixture("its description holds its token", "R1.4", "describe() of a storage contains secret #1",
                        Subject.healthy().remotes(root -> new InMemoryStorage(root + "?token=" + SECRET))),
                new Fixture("a refused credential's message repeats it", "R1.4", "contains secret #1",
                        Subject.healthy().unauthorized(() -> new Unauthorized("unauthorized", "the key " + SECRET
                                + " was refused"))));
    }

    private static List<Fixture> reads() {
        return List.of(
                new Fixture("an absent file in a folder that does not exist is an error", "R2.1", "read of 2025/none.json",
                        Subject.healthy().wrap(ForgetfulFolders::new)),
                new Fixture("readVersions gives a revision of its own", "R2.2", "readVersions of keyring.json",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteObject> readVersions(String path, long maxBytes) {
                                return super.readVersions(path, maxBytes).stream().map(o -> new RemoteObject(o.path(),
                                        o.bytes(), new Revision("v-" + o.revision()))).toList();
                            }
                        })),
                new Fixture("a failed read is an absent file", "R2.3", "returned Optional.empty instead of throwing",
                        Subject.healthy().unreachable(() -> new Unreachable("unreachable") {
                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                return Optional.empty();
                            }
                        })),
                new Fixture("a failed listing is an empty remote", "R2.3", "list(\"\") on the unreachable",
                        Subject.healthy().unreachable(() -> new Unreachable("unreachable") {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                return List.of();
                            }
                        })),
                new Fixture("a file over the limit reads as absent", "R2.4", "returned Optional.empty; expected "
                        + "ObjectTooLargeException", Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                try {
                                    return super.read(path, maxBytes);
                                } catch (ObjectTooLargeException e) {
                                    return Optional.empty();
                                }
                            }
                        })),
                new Fixture("a file of exactly the limit is refused", "R2.4", "of a file of exactly 100 bytes",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                return super.read(path, maxBytes - 1);
                            }
                        })),
                new Fixture("readVersions ignores the limit", "R2.5", "readVersions(keyring.json, 99)",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteObject> readVersions(String path, long maxBytes) {
                                return super.readVersions(path, CloudStorage.MAX_READ_BYTES);
                            }
                        })));
    }

    private static List<Fixture> writes() {
        Map<String, Map<String, RemoteObject>> staleOnce = new ConcurrentHashMap<>();
        Map<String, Map<String, Revision>> firstListed = new ConcurrentHashMap<>();
        Map<String, Map<String, List<RemoteObject>>> replacedKept = new ConcurrentHashMap<>();
        Map<String, Map<String, String>> byName = new ConcurrentHashMap<>();
        Map<String, Set<String>> knownFolders = new ConcurrentHashMap<>();
        return List.of(
                new Fixture("a read after an overwrite of the same size returns the old file (a cache checked by size)",
                        "R3.1",
                        "right after write 1", Subject.healthy().wrap((root, s) -> new StaleAfterOverwrite(s,
                        staleOnce.computeIfAbsent(root, r -> new ConcurrentHashMap<>())))),
                new Fixture("a listing keeps the revision a file was created with", "R3.2", "list says",
                        Subject.healthy().wrap((root, s) -> new ListsFirstRevision(s,
                                firstListed.computeIfAbsent(root, r -> new ConcurrentHashMap<>())))),
                new Fixture("a replaced file stays among the versions (trashed, not deleted)", "R3.3",
                        "the write must replace what was there", Subject.healthy().wrap((root, s) -> new KeepsReplaced(s,
                        replacedKept.computeIfAbsent(root, r -> new ConcurrentHashMap<>())))),
                new Fixture("files are found by name, whatever their folder", "R3.4", "returned 'top'",
                        Subject.healthy().wrap((root, s) -> new ByNameOnly(s,
                                byName.computeIfAbsent(root, r -> new ConcurrentHashMap<>())))),
                new Fixture("each device caches what it read, never revalidated", "R3.5", "through a second storage",
                        Subject.healthy().wrap(ReadCache::new)),
                new Fixture("the first files written at once into a new folder land in duplicate folders", "R3.6",
                        "after 24 concurrent writes", Subject.healthy().wrap((root, s) -> new RacyFolderCreation(s,
                        knownFolders.computeIfAbsent(root, r -> ConcurrentHashMap.newKeySet())))),
                new Fixture("a delete that cannot reach the storage reports success", "R3.7", "returned success "
                        + "instead of throwing", Subject.healthy().unreachable(() -> new Unreachable("unreachable") {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                // "best effort"
                            }
                        })),
                new Fixture("a write that cannot reach the storage is queued and reported done", "R3.7",
                        "returned queued instead of throwing", Subject.healthy().unreachable(() -> new Unreachable(
                        "unreachable") {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                return new Revision("queued");
                            }
                        })));
    }

    private static List<Fixture> conditions() {
        Map<String, AtomicReference<Thread>> lastWriter = new ConcurrentHashMap<>();
        return List.of(
                new Fixture("ifAbsent fails in a new folder two levels deep", "R4.1", "a/b/c/created.json",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                String parent = folder(folder(path).replaceAll("/$", ""));
                                if (condition == WriteCondition.ifAbsent() && path.chars().filter(c -> c == '/').count() >= 2
                                        && super.list(parent).isEmpty()) {
                                    throw new PreconditionFailedException(describe(), path, condition, null);
                                }
                                return super.write(path, bytes, condition);
                            }
                        })),
                new Fixture("ifAbsent overwrites an existing file", "R4.2", "a second ifAbsent write",
                        Subject.healthy().wrap(s -> declaring(new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                return super.write(path, bytes, condition == WriteCondition.ifAbsent()
                                        ? WriteCondition.unconditional() : condition);
                            }
                        }, without(s, Capability.ATOMIC_CONDITIONAL_WRITE)))),
                new Fixture("ifMatch never matches a file at the top of the root", "R4.3", "with ifMatch(",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                if (condition instanceof WriteCondition.IfMatch && !path.contains("/")) {
                                    throw new PreconditionFailedException(describe(), path, condition, null);
                                }
                                return super.write(path, bytes, condition);
                            }
                        })),
                new Fixture("a stale ifMatch overwrites", "R4.4", "with the stale ifMatch",
                        Subject.healthy().wrap(s -> declaring(new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                return super.write(path, bytes, condition instanceof WriteCondition.IfMatch
                                        ? WriteCondition.unconditional() : condition);
                            }
                        }, without(s, Capability.ATOMIC_CONDITIONAL_WRITE)))),
                new Fixture("claims atomic compare-and-set over a check-then-act with no pause", "R4.5",
                        "only one may", Subject.healthy().raceRounds(20)
                        .remotes(root -> InMemoryStorage.versioned(root, Duration.ZERO))
                        .wrap(s -> declaring(s, with(s, Capability.ATOMIC_CONDITIONAL_WRITE)))),
                new Fixture("a racing loser's write lands after it was told it lost", "R4.6", "is lost",
                        Subject.healthy().raceRounds(20).wrap((root, s) -> new LoserLandsLate(s,
                                lastWriter.computeIfAbsent(root, r -> new AtomicReference<>())))));
    }

    private static List<Fixture> listings() {
        Map<String, Map<String, RemoteEntry>> trash = new ConcurrentHashMap<>();
        return List.of(
                new Fixture("a folder prefix matches look-alike folders", "R5.1", "outside the prefix",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                return super.list(prefix.matches("[^/]+/") ? prefix.substring(0, prefix.length() - 1)
                                        : prefix);
                            }
                        })),
                new Fixture("a listing stops after its first page", "R5.2", "pages dropped",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                List<RemoteEntry> all = super.list(prefix);
                                return all.subList(0, Math.min(all.size(), 100));
                            }
                        })),
                new Fixture("a listing goes one folder deep", "R5.3", "a/b/c/deep.json",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                return super.list(prefix).stream().filter(e -> e.path().substring(prefix.length())
                                        .chars().filter(c -> c == '/').count() <= 1).toList();
                            }
                        })),
                new Fixture("deleted files stay listed (in the trash)", "R5.4", "still listed after its delete",
                        Subject.healthy().wrap((root, s) -> new ListsTrash(s,
                                trash.computeIfAbsent(root, r -> new ConcurrentHashMap<>())))),
                new Fixture("each page starts with the last entry of the page before", "R5.5", "repeats paths",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                List<RemoteEntry> all = super.list(prefix);
                                List<RemoteEntry> paged = new ArrayList<>();
                                for (int i = 0; i < all.size(); i++) {
                                    if (i > 0 && i % 100 == 0) {
                                        paged.add(all.get(i - 1));
                                    }
                                    paged.add(all.get(i));
                                }
                                return paged;
                            }
                        })),
                new Fixture("declares UNIQUE_PATHS but keeps several files of a name", "R5.5", "which declares "
                        + "UNIQUE_PATHS", Subject.healthy().remotes(root -> InMemoryStorage.versioned(root,
                        Duration.ofMillis(20))).wrap(s -> declaring(s, with(s, Capability.UNIQUE_PATHS)))));
    }

    private static List<Fixture> deletes() {
        return List.of(
                new Fixture("deleting an absent file is an error", "R6.1", "a second delete",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                if (condition == WriteCondition.unconditional() && !exists(delegate, path)) {
                                    throw new StorageException(describe() + ": cannot delete " + path + ": not found");
                                }
                                super.delete(path, condition);
                            }
                        })),
                new Fixture("a stale conditional delete deletes", "R6.2", "with the stale ifMatch",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                super.delete(path, condition instanceof WriteCondition.IfMatch
                                        ? WriteCondition.unconditional() : condition);
                            }
                        })),
                new Fixture("declares no conditional delete, and deletes anyway", "R6.2", "expected "
                        + "UnsupportedCapabilityException", Subject.healthy().wrap(s -> declaring(new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                super.delete(path, condition instanceof WriteCondition.IfMatch
                                        ? WriteCondition.unconditional() : condition);
                            }
                        }, without(s, Capability.CONDITIONAL_DELETE)))),
                new Fixture("a delete empties the file's folder", "R6.3", "after a delete of 2024/a.json",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                if (condition == WriteCondition.unconditional() && path.contains("/")) {
                                    super.list(folder(path)).forEach(e -> super.delete(e.path(), condition));
                                }
                                super.delete(path, condition);
                            }
                        })),
                new Fixture("a delete ignores ifAbsent", "R6.4", "with ifAbsent",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                super.delete(path, condition == WriteCondition.ifAbsent()
                                        ? WriteCondition.unconditional() : condition);
                            }
                        })));
    }

    private static List<Fixture> objects() {
        Map<String, byte[]> shared = new ConcurrentHashMap<>();
        return List.of(
                new Fixture("an empty file reads as absent", "R7.1", "2024/empty.json",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                return super.read(path, maxBytes).filter(o -> o.bytes().length > 0);
                            }
                        })),
                new Fixture("content goes through a text conversion", "R7.2", "differ from the 512 written",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                return super.write(path, new String(bytes, StandardCharsets.UTF_8)
                                        .getBytes(StandardCharsets.UTF_8), condition);
                            }
                        })),
                new Fixture("a large file's revision differs from the one its write returned (multipart ETag)", "R7.3",
                        "a multipart upload's revision?", Subject.healthy().wrap(s -> new MultipartRevisions(s))),
                new Fixture("the caller's array is stored, not copied", "R7.4", "after the caller changed the array",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                Revision r = super.write(path, bytes, condition);
                                shared.put(describe() + path, bytes);
                                return r;
                            }

                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                byte[] kept = shared.get(describe() + path);
                                return super.read(path, maxBytes).map(o -> kept == null ? o
                                        : new RemoteObject(path, kept, o.revision()));
                            }
                        })));
    }

    private static List<Fixture> paths() {
        Subject naive = Subject.healthy();
        naive.wrap((root, s) -> new ChecksWritesOnly(s, root, naive));
        Subject flat = Subject.healthy();
        InMemoryStorage keyspace = new InMemoryStorage("flat");
        flat.wrap((root, s) -> new RootAsStringPrefix(keyspace, root));
        return List.of(
                new Fixture("a root with letters outside Latin-1 is a new folder at every opening", "R8.1",
                        "through a second storage", Subject.healthy().wrap((root, s) -> root.chars().anyMatch(c -> c > 0xff)
                        ? new InMemoryStorage(root + " " + UUID.randomUUID()) : s)),
                new Fixture("paths are checked in write only", "R8.2", "read of '../sibling/escape.json'", naive),
                new Fixture("control characters in a path are accepted", "R8.2", "write of 'a\\u0000b.json'",
                        Subject.healthy().wrap(s -> new EncodesControlCharacters(s))),
                new Fixture("the root is a string prefix of its sibling's", "R8.3", "look-alike root", flat));
    }

    private static List<Fixture> errorsAndLifecycle() {
        return List.of(
                new Fixture("messages name neither the storage nor the path", "R9.1", "which does not name",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            @SuppressWarnings("deprecation")
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                try {
                                    return super.write(path, bytes, condition);
                                } catch (PreconditionFailedException e) {
                                    throw new PreconditionFailedException(path, condition, null);
                                }
                            }
                        }).unreachable(() -> new Unreachable("unreachable") {
                            @Override
                            RuntimeException refused(String what) {
                                return new TransientStorageException("connection refused", null);
                            }
                        })),
                new Fixture("refused credentials list as an empty remote", "R9.2", "list on",
                        Subject.healthy().unauthorized(() -> new Unauthorized("unauthorized", "refused") {
                            @Override
                            public List<RemoteEntry> list(String prefix) {
                                return List.of();
                            }
                        })),
                new Fixture("refused credentials look like a passing glitch", "R9.2", "threw io.tinywide.chatsync.core."
                        + "port.out.TransientStorageException", Subject.healthy().unauthorized(
                        () -> new Unreachable("unauthorized"))),
                new Fixture("a second close throws", "R10.1", "called twice, threw",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            private boolean closed;

                            @Override
                            public void close() {
                                if (closed) {
                                    throw new IllegalStateException("already closed");
                                }
                                closed = true;
                            }
                        })),
                new Fixture("a closed storage reports writes it does not make", "R10.2", "never report a write it did "
                        + "not make", Subject.healthy().wrap(s -> new ClosedAnswers(s, false))),
                new Fixture("a closed storage reads every file as absent", "R10.2", "never report a written file as "
                        + "absent", Subject.healthy().wrap(s -> new ClosedAnswers(s, true))),
                new Fixture("removing the root deletes its files", "R10.3", "after removeRootIfEmpty() on a root that "
                        + "holds it",
                        Subject.healthy().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public boolean removeRootIfEmpty() {
                                super.list("").forEach(e -> super.delete(e.path(), WriteCondition.unconditional()));
                                return true;
                            }
                        })));
    }

    private static List<Fixture> versions() {
        return List.of(
                new Fixture("read returns the newest version", "R12.1", "it must return the oldest",
                        Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Optional<RemoteObject> read(String path, long maxBytes) {
                                List<RemoteObject> all = super.readVersions(path, maxBytes);
                                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
                            }
                        })),
                new Fixture("ifMatch matches the oldest version only", "R12.2", "of its newest version",
                        Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                if (condition instanceof WriteCondition.IfMatch m) {
                                    List<RemoteObject> all = super.readVersions(path, CloudStorage.MAX_READ_BYTES);
                                    if (!all.isEmpty() && !all.get(0).revision().equals(m.revision())) {
                                        throw new PreconditionFailedException(describe(), path, condition, null);
                                    }
                                }
                                return super.write(path, bytes, condition);
                            }
                        })),
                new Fixture("ifAbsent overwrites a name that holds several versions", "R12.3", "which holds",
                        Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                if (condition == WriteCondition.ifAbsent()
                                        && super.readVersions(path, CloudStorage.MAX_READ_BYTES).size() > 1) {
                                    return super.write(path, bytes, WriteCondition.unconditional());
                                }
                                return super.write(path, bytes, condition);
                            }
                        })),
                new Fixture("an overwrite removes the oldest version only", "R12.4", "expected only the new",
                        Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public Revision write(String path, byte[] bytes, WriteCondition condition) {
                                List<RemoteObject> all = super.readVersions(path, CloudStorage.MAX_READ_BYTES);
                                if (condition == WriteCondition.unconditional() && all.size() > 1) {
                                    return super.write(path, bytes, WriteCondition.ifMatch(all.get(0).revision()));
                                }
                                return super.write(path, bytes, condition);
                            }
                        })),
                new Fixture("a conditional delete removes every version", "R12.5", "expected exactly",
                        Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                super.delete(path, condition);
                                if (condition instanceof WriteCondition.IfMatch) {
                                    super.delete(path, WriteCondition.unconditional());
                                }
                            }
                        })),
                new Fixture("keeps versions but declares no conditional delete", "R12.5", "does not declare "
                        + "CONDITIONAL_DELETE", Subject.versioned().wrap(s -> declaring(new ForwardingStorage(s) {
                            @Override
                            public void delete(String path, WriteCondition condition) {
                                if (condition instanceof WriteCondition.IfMatch) {
                                    throw new UnsupportedCapabilityException(Capability.CONDITIONAL_DELETE,
                                            describe() + ": cannot delete " + path + " with a condition");
                                }
                                super.delete(path, condition);
                            }
                        }, without(s, Capability.CONDITIONAL_DELETE)))),
                new Fixture("readVersions holds its first version to the limit only", "R12.6", "one byte below its "
                        + "largest version", Subject.versioned().wrap(s -> new ForwardingStorage(s) {
                            @Override
                            public List<RemoteObject> readVersions(String path, long maxBytes) {
                                List<RemoteObject> all = super.readVersions(path, CloudStorage.MAX_READ_BYTES);
                                if (!all.isEmpty() && all.get(0).bytes().length > maxBytes) {
                                    throw new ObjectTooLargeException(describe(), path, maxBytes,
                                            all.get(0).bytes().length);
                                }
                                return all;
                            }
                        })));
    }

    // ---- the broken storages that need more than a few lines ----

    /** Reads of absent files in folders never written are errors (a folder lookup that fails). */
    static final class ForgetfulFolders extends ForwardingStorage {
        ForgetfulFolders(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            Optional<RemoteObject> o = super.read(path, maxBytes);
            requireFolder(path, o.isEmpty());
            return o;
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            List<RemoteObject> all = super.readVersions(path, maxBytes);
            requireFolder(path, all.isEmpty());
            return all;
        }

        private void requireFolder(String path, boolean absent) {
            // A folder exists once a file was written in it, and stays (as Drive's do).
            if (absent && path.contains("/") && folders().noneMatch(f -> f.equals(folder(path)))) {
                throw new StorageException(describe() + ": cannot read " + path + ": folder " + folder(path)
                        + " not found");
            }
        }

        private java.util.stream.Stream<String> folders() {
            return Folders.of(describe()).stream();
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Revision r = super.write(path, bytes, condition);
            Folders.of(describe()).add(folder(path));
            return r;
        }
    }

    /** The folders each remote ever had, by description. */
    static final class Folders {
        private static final Map<String, Set<String>> FOLDERS = new ConcurrentHashMap<>();

        private Folders() {
        }

        static Set<String> of(String storage) {
            return FOLDERS.computeIfAbsent(storage, s -> ConcurrentHashMap.newKeySet());
        }
    }

    /**
     * A read cache validated by size: after an unconditional overwrite with content of the same size, reads
     * return the old file until the next write.
     */
    static final class StaleAfterOverwrite extends ForwardingStorage {
        private final Map<String, RemoteObject> stale;

        StaleAfterOverwrite(CloudStorage delegate, Map<String, RemoteObject> stale) {
            super(delegate);
            this.stale = stale;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Optional<RemoteObject> before = condition == WriteCondition.unconditional() ? super.read(path,
                    MAX_READ_BYTES) : Optional.empty();
            Revision r = super.write(path, bytes, condition);
            stale.remove(path);
            before.filter(o -> o.bytes().length == bytes.length).ifPresent(o -> stale.put(path, o));
            return r;
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            RemoteObject old = stale.get(path);
            return old != null ? Optional.of(new RemoteObject(path, old.bytes().clone(), old.revision()))
                    : super.read(path, maxBytes);
        }
    }

    /** A listing shows the revision each file had when first listed or written; overwrites do not update it. */
    static final class ListsFirstRevision extends ForwardingStorage {
        private final Map<String, Revision> first;

        ListsFirstRevision(CloudStorage delegate, Map<String, Revision> first) {
            super(delegate);
            this.first = first;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Revision r = super.write(path, bytes, condition);
            first.putIfAbsent(path, r);
            return r;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            super.delete(path, condition);
            first.remove(path);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            return super.list(prefix).stream().map(e -> new RemoteEntry(e.path(), e.size(),
                    first.getOrDefault(e.path(), e.revision()))).toList();
        }
    }

    /** Overwritten files go to a trash that readVersions still shows. */
    static final class KeepsReplaced extends ForwardingStorage {
        private final Map<String, List<RemoteObject>> replaced;

        KeepsReplaced(CloudStorage delegate, Map<String, List<RemoteObject>> replaced) {
            super(delegate);
            this.replaced = replaced;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Optional<RemoteObject> before = super.read(path, MAX_READ_BYTES);
            Revision r = super.write(path, bytes, condition);
            before.ifPresent(o -> replaced.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(o));
            return r;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            super.delete(path, condition);
            replaced.remove(path);
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            List<RemoteObject> all = new ArrayList<>(replaced.getOrDefault(path, List.of()));
            all.addAll(super.readVersions(path, maxBytes));
            return all;
        }
    }

    /**
     * A storage that keeps each path under another name in its delegate, and names the path it was asked
     * for in its errors, as a provider mapping paths to its backend's names would.
     */
    abstract static class MappedPaths extends ForwardingStorage {
        MappedPaths(CloudStorage delegate) {
            super(delegate);
        }

        /** The delegate's name for a path, after checking the path. */
        abstract String stored(String path);

        /** Told of every successful write. */
        void written(String path) {
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            return readVersions(path, maxBytes).stream().findFirst();
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            try {
                return super.readVersions(stored(path), maxBytes).stream()
                        .map(o -> new RemoteObject(path, o.bytes(), o.revision())).toList();
            } catch (ObjectTooLargeException e) {
                throw new ObjectTooLargeException(describe(), path, maxBytes, e.size().orElse(-1));
            }
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            try {
                Revision r = super.write(stored(path), bytes, condition);
                written(path);
                return r;
            } catch (PreconditionFailedException e) {
                throw new PreconditionFailedException(describe(), path, condition, e.actual().orElse(null));
            }
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            try {
                super.delete(stored(path), condition);
            } catch (PreconditionFailedException e) {
                throw new PreconditionFailedException(describe(), path, condition, e.actual().orElse(null));
            }
        }
    }

    /** Files are kept by name alone: 2024/a.json and a.json are one file. */
    static final class ByNameOnly extends MappedPaths {
        private final Map<String, String> fullPath;

        ByNameOnly(CloudStorage delegate, Map<String, String> fullPath) {
            super(delegate);
            this.fullPath = fullPath;
        }

        @Override
        String stored(String path) {
            RemotePaths.requireValid(describe(), path);
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        void written(String path) {
            fullPath.put(stored(path), path);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            RemotePaths.requireValidPrefix(describe(), prefix);
            return super.list("").stream().map(e -> new RemoteEntry(fullPath.getOrDefault(e.path(), e.path()), e.size(),
                    e.revision())).filter(e -> e.path().startsWith(prefix)).toList();
        }
    }

    /** Each device caches every read, present or absent, and updates it only on its own writes. */
    static final class ReadCache extends ForwardingStorage {
        private final Map<String, Optional<RemoteObject>> cache = new ConcurrentHashMap<>();

        ReadCache(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            Optional<RemoteObject> o = cache.computeIfAbsent(path, p -> super.read(p, MAX_READ_BYTES));
            if (o.isPresent() && o.get().bytes().length > maxBytes) {
                throw new ObjectTooLargeException(describe(), path, maxBytes, o.get().bytes().length);
            }
            return o.map(x -> new RemoteObject(x.path(), x.bytes().clone(), x.revision()));
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Revision r = super.write(path, bytes, condition);
            cache.put(path, Optional.of(new RemoteObject(path, bytes.clone(), r)));
            return r;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            super.delete(path, condition);
            cache.remove(path);
        }
    }

    /**
     * The first files written into a new folder by several threads at once each create the folder: all but
     * one land in a duplicate that is never read again, though their writes report success.
     */
    static final class RacyFolderCreation extends ForwardingStorage {
        private final Set<String> known;
        private final Map<String, Boolean> creating = new ConcurrentHashMap<>();
        /** The rules' own thread, which writes one file at a time: the race needs other threads. */
        private final Thread opener = Thread.currentThread();

        RacyFolderCreation(CloudStorage delegate, Set<String> known) {
            super(delegate);
            this.known = known;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            String folder = folder(path);
            if (folder.isEmpty() || known.contains(folder) || Thread.currentThread() == opener) {
                known.add(folder);
                return super.write(path, bytes, condition);
            }
            boolean first = creating.putIfAbsent(folder, Boolean.TRUE) == null;
            try {
                Thread.sleep(100); // creating the folder takes a round trip
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!first) {
                return new Revision("in-a-duplicate-folder-" + UUID.randomUUID());
            }
            known.add(folder);
            return super.write(path, bytes, condition);
        }
    }

    /**
     * A loser of a race whose request still lands although it is told it lost (a retried request that the
     * service applied anyway). Only when another thread wrote to the root last, so that the rules that
     * write from one thread see a correct storage.
     */
    static final class LoserLandsLate extends ForwardingStorage {
        private final AtomicReference<Thread> lastWriter;

        LoserLandsLate(CloudStorage delegate, AtomicReference<Thread> lastWriter) {
            super(delegate);
            this.lastWriter = lastWriter;
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Thread last = lastWriter.getAndSet(Thread.currentThread());
            boolean racing = last != null && last != Thread.currentThread();
            try {
                return super.write(path, bytes, condition);
            } catch (PreconditionFailedException lost) {
                if (racing && condition instanceof WriteCondition.IfMatch) {
                    delegate.write(path, bytes, WriteCondition.unconditional());
                }
                throw lost;
            }
        }
    }

    /** Deleted files stay listed, as trashed ones in a query that forgot to leave them out. */
    static final class ListsTrash extends ForwardingStorage {
        private final Map<String, RemoteEntry> trash;

        ListsTrash(CloudStorage delegate, Map<String, RemoteEntry> trash) {
            super(delegate);
            this.trash = trash;
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            List<RemoteEntry> before = super.list(path).stream().filter(e -> e.path().equals(path)).toList();
            super.delete(path, condition);
            before.forEach(e -> trash.put(path, e));
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            Revision r = super.write(path, bytes, condition);
            trash.remove(path);
            return r;
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            List<RemoteEntry> all = new ArrayList<>(super.list(prefix));
            trash.values().stream().filter(e -> e.path().startsWith(prefix)).forEach(all::add);
            return all;
        }
    }

    /** Files over 512 KiB get the revision a multipart upload has, not the one the write returned. */
    static final class MultipartRevisions extends ForwardingStorage {
        MultipartRevisions(CloudStorage delegate) {
            super(delegate);
        }

        private static Revision multipart(Revision r, long size) {
            return size > 512 * 1024 ? new Revision(r.value() + "-2") : r;
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            return super.read(path, maxBytes).map(o -> new RemoteObject(path, o.bytes(), multipart(o.revision(),
                    o.bytes().length)));
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            return super.list(prefix).stream().map(e -> new RemoteEntry(e.path(), e.size(), multipart(e.revision(),
                    e.size()))).toList();
        }
    }

    /**
     * A folder that resolves paths naively for reads, deletes and listings ({@code ..} climbs to the
     * parent folder), while writes check them as they should.
     */
    static final class ChecksWritesOnly extends ForwardingStorage {
        private final String root;
        private final Subject remotes;

        ChecksWritesOnly(CloudStorage delegate, String root, Subject remotes) {
            super(delegate);
            this.root = root;
            this.remotes = remotes;
        }

        /** The storage and the path a naive join of root and path lands on. */
        private Map.Entry<CloudStorage, String> resolve(String path) {
            String joined = java.nio.file.Path.of(root, path.split("/")).normalize().toString().replace('\\', '/');
            if (joined.startsWith(root + "/")) {
                return Map.entry(delegate, joined.substring(root.length() + 1));
            }
            for (String other : new ArrayList<>(remotesRoots())) {
                if (joined.startsWith(other + "/")) {
                    return Map.entry(remotes.remote(other), joined.substring(other.length() + 1));
                }
            }
            return Map.entry(delegate, path);
        }

        private Set<String> remotesRoots() {
            Set<String> roots = new HashSet<>();
            for (String r : List.of(root.replaceAll("/[^/]*$", "") + "/sibling")) {
                if (remotes.hasRemote(r)) {
                    roots.add(r);
                }
            }
            return roots;
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            var target = resolve(path);
            return target.getKey().read(target.getValue(), maxBytes);
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            var target = resolve(path);
            return target.getKey().readVersions(target.getValue(), maxBytes);
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            var target = resolve(path);
            target.getKey().delete(target.getValue(), condition);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            if (!prefix.startsWith("../")) {
                return super.list(prefix);
            }
            var target = resolve(prefix + "x");
            String inner = target.getValue().substring(0, target.getValue().length() - 1);
            return target.getKey().list(inner).stream().map(e -> new RemoteEntry(prefix + e.path().substring(
                    inner.length()), e.size(), e.revision())).toList();
        }
    }

    /** Control characters are escaped into the name instead of refused. */
    static final class EncodesControlCharacters extends ForwardingStorage {
        EncodesControlCharacters(CloudStorage delegate) {
            super(delegate);
        }

        private static String encoded(String path) {
            StringBuilder b = new StringBuilder();
            path.chars().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("%%%02X", c)
                    : String.valueOf((char) c)));
            return b.toString();
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            return super.read(encoded(path), maxBytes);
        }

        @Override
        public List<RemoteObject> readVersions(String path, long maxBytes) {
            return super.readVersions(encoded(path), maxBytes);
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            return super.write(encoded(path), bytes, condition);
        }

        @Override
        public void delete(String path, WriteCondition condition) {
            super.delete(encoded(path), condition);
        }
    }

    /** Every root shares one keyspace, and a root is a string prefix of the keys, without its '/'. */
    static final class RootAsStringPrefix extends MappedPaths {
        private final String root;

        RootAsStringPrefix(CloudStorage keyspace, String root) {
            super(keyspace);
            this.root = root;
        }

        @Override
        String stored(String path) {
            return root + "/" + RemotePaths.requireValid(describe(), path);
        }

        @Override
        public List<RemoteEntry> list(String prefix) {
            RemotePaths.requireValidPrefix(describe(), prefix);
            return super.list(root + (prefix.isEmpty() ? "" : "/" + prefix)).stream()
                    .map(e -> new RemoteEntry(e.path().substring(root.length()).replaceFirst("^/", ""), e.size(),
                            e.revision())).toList();
        }

        @Override
        public boolean removeRootIfEmpty() {
            return list("").isEmpty();
        }

        @Override
        public String describe() {
            return "memory:flat/" + root;
        }
    }

    /** After close, answers as it likes: writes reported done, or every file absent. */
    static final class ClosedAnswers extends ForwardingStorage {
        private final boolean readsAbsent;
        private volatile boolean closed;

        ClosedAnswers(CloudStorage delegate, boolean readsAbsent) {
            super(delegate);
            this.readsAbsent = readsAbsent;
        }

        @Override
        public Optional<RemoteObject> read(String path, long maxBytes) {
            if (closed) {
                if (readsAbsent) {
                    return Optional.empty();
                }
                throw new IllegalStateException("closed");
            }
            return super.read(path, maxBytes);
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            if (closed) {
                if (!readsAbsent) {
                    return new Revision("after-close");
                }
                throw new IllegalStateException("closed");
            }
            return super.write(path, bytes, condition);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
