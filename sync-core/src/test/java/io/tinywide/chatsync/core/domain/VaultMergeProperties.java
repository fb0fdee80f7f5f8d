package io.tinywide.chatsync.core.domain;

import io.tinywide.chatsync.core.codec.CanonicalJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge laws of DESIGN §3. Replicas are drawn from one pool of message identities, so the same
 * id meets itself across replicas with other versions, other content and tombstones, but never with
 * another identity (which is a data error, tested in {@link VaultMergeTest}).
 */
class VaultMergeProperties {
    private static final PartitionKey MONTH = PartitionKey.parse("2024-01");
    private static final int POOL = 12;
    private static final String[] CONVERSATIONS = {"urn:chat:a", "urn:chat:b", "urn:chat:c"};

    /** The fixed identity of pool id {@code i}: conversation, sender and sentAt never vary. */
    private static ChatMessage identity(int i) {
        return ChatMessage.text("m" + i, CONVERSATIONS[i % 3], "urn:user:" + (i % 4),
                MONTH.start().plusSeconds(3_600L * i + (i % 5)), "v0");
    }

    @Provide
    Arbitrary<ChatVault> replicas() {
        Arbitrary<ChatMessage> message = Combinators.combine(
                Arbitraries.integers().between(0, POOL - 1),
                Arbitraries.of("hello", "edited", "ciao", "", "👋"),
                Arbitraries.longs().between(0, 4),
                Arbitraries.of("", "dev-a", "dev-b"),
                Arbitraries.of("read", "sent"),
                Arbitraries.integers().between(0, 3))
                .as((i, text, ts, device, status, tags) -> {
                    ChatMessage base = identity(i);
                    EditVersion v = ts == 0 && device.isEmpty() ? EditVersion.INITIAL : new EditVersion(ts, device);
                    return new ChatMessage(base.id(), base.conversation(), base.sender(), base.sentAt(), "text", text,
                            new byte[] {tags.byteValue()}, status, List.of("t" + tags), null, v);
                });
        Arbitrary<Tombstone> tombstone = Combinators.combine(
                Arbitraries.integers().between(0, POOL - 1),
                Arbitraries.longs().between(0, 5))
                .as((i, day) -> identity(i).tombstone(Instant.parse("2024-02-01T00:00:00Z").plusSeconds(86_400 * day)));
        return Combinators.combine(message.list().ofMaxSize(10), tombstone.list().ofMaxSize(4))
                .as((ms, ts) -> ChatVault.of(MONTH, ms, ts));
    }

    @Property(tries = 1000)
    void mergeIsCommutative(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        assertThat(VaultMerge.merge(a, b)).isEqualTo(VaultMerge.merge(b, a));
    }

    @Property(tries = 1000)
    void mergeIsAssociative(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b,
                            @ForAll("replicas") ChatVault c) {
        assertThat(VaultMerge.merge(VaultMerge.merge(a, b), c)).isEqualTo(VaultMerge.merge(a, VaultMerge.merge(b, c)));
    }

    @Property(tries = 1000)
    void mergeIsIdempotent(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        assertThat(VaultMerge.merge(a, a)).isEqualTo(a);
        ChatVault ab = VaultMerge.merge(a, b);
        assertThat(VaultMerge.merge(ab, b)).isEqualTo(ab);
    }

    @Property(tries = 1000)
    void replicasGossipingInAnyOrderConvergeToIdenticalBytes(
            @ForAll @Size(min = 3, max = 6) List<@net.jqwik.api.From("replicas") ChatVault> states,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<ChatVault> replicas = new ArrayList<>(states);
        // Random pairwise exchanges, then a final round so that every state has reached everyone.
        for (int step = 0; step < replicas.size() * 3; step++) {
            int from = random.nextInt(replicas.size());
            int to = random.nextInt(replicas.size());
            replicas.set(to, VaultMerge.merge(replicas.get(to), replicas.get(from)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        ChatVault everything = replicas.get(order.get(0));
        for (int i : order) {
            everything = VaultMerge.merge(everything, replicas.get(i));
        }
        for (int i = 0; i < replicas.size(); i++) {
            replicas.set(i, VaultMerge.merge(replicas.get(i), everything));
        }
        byte[] expected = CanonicalJson.encodeVault(replicas.get(0));
        for (ChatVault r : replicas) {
            assertThat(CanonicalJson.encodeVault(r)).isEqualTo(expected);
        }
        ChatVault direct = states.stream().reduce(VaultMerge::merge).orElseThrow();
        assertThat(CanonicalJson.encodeVault(direct)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void removeWinsAndNoTombstoneIsEverDropped(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        ChatVault merged = VaultMerge.merge(a, b);
        for (ChatVault input : List.of(a, b)) {
            for (Tombstone t : input.tombstones()) {
                assertThat(merged.isDeleted(t.messageId())).isTrue();
                assertThat(merged.message(t.messageId())).isEmpty();
                assertThat(merged.tombstone(t.messageId()).orElseThrow().deletedAt()).isBeforeOrEqualTo(t.deletedAt());
            }
        }
    }

    @Property(tries = 1000)
    void noLiveMessageThatNoTombstoneNamesIsLost(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        ChatVault merged = VaultMerge.merge(a, b);
        Set<String> deleted = new java.util.HashSet<>();
        a.tombstones().forEach(t -> deleted.add(t.messageId()));
        b.tombstones().forEach(t -> deleted.add(t.messageId()));
        Set<String> live = new java.util.HashSet<>();
        a.messages().forEach(m -> live.add(m.id()));
        b.messages().forEach(m -> live.add(m.id()));
        live.removeAll(deleted);
        assertThat(merged.messages().stream().map(ChatMessage::id).collect(Collectors.toSet())).isEqualTo(live);
    }

    @Property(tries = 1000)
    void theHigherEditVersionWins(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        ChatVault merged = VaultMerge.merge(a, b);
        for (ChatMessage m : merged.messages()) {
            for (ChatVault input : List.of(a, b)) {
                input.message(m.id()).ifPresent(other -> assertThat(m.version()).isGreaterThanOrEqualTo(other.version()));
            }
        }
    }

    @Property(tries = 1000)
    void equalVersionsWithDifferentContentBreakTiesTheSameWayWhateverTheOrder(
            @ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        for (ChatMessage m : a.messages()) {
            b.message(m.id()).ifPresent(other -> {
                if (m.version().equals(other.version()) && !m.equals(other) && !b.isDeleted(m.id())) {
                    ChatMessage ab = VaultMerge.merge(a, b).message(m.id()).orElseThrow();
                    ChatMessage ba = VaultMerge.merge(b, a).message(m.id()).orElseThrow();
                    assertThat(ab).isEqualTo(ba).isIn(m, other);
                }
            });
        }
    }

    @Property(tries = 1000)
    void applyingTheDiffReachesTheMerge(@ForAll("replicas") ChatVault a, @ForAll("replicas") ChatVault b) {
        ChatVault merged = VaultMerge.merge(a, b);
        VaultDelta delta = VaultMerge.diff(a, merged);
        ChatVault applied = VaultMerge.merge(a, ChatVault.of(MONTH, delta.upserts(), delta.tombstones()));
        assertThat(applied).isEqualTo(merged);
        assertThat(VaultMerge.diff(merged, merged).isEmpty()).isTrue();
    }

    @Property(tries = 1000)
    void aHybridClockOnlyMovesForwardAndPastWhatItObserved(@ForAll @Size(max = 20) List<Long> observed) {
        HybridClock clock = new HybridClock(java.time.Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"),
                java.time.ZoneOffset.UTC), "dev");
        EditVersion last = clock.next();
        for (long seen : observed) {
            EditVersion other = new EditVersion(Math.abs(seen % (1L << 60)), "other");
            clock.observe(other);
            EditVersion next = clock.next();
            assertThat(next).isGreaterThan(last).isGreaterThan(other);
            last = next;
        }
    }

    @Property(tries = 1000)
    void aPartitionHoldsItsInstantsAndItsPathsParseBack(@ForAll("instants") Instant instant) {
        PartitionKey key = PartitionKey.of(instant);
        assertThat(key.contains(instant)).isTrue();
        assertThat(instant).isAfterOrEqualTo(key.start()).isBefore(key.end());
        assertThat(PartitionKey.parseFilePath(key.vaultPath())).contains(
                new PartitionKey.FileRef(key, PartitionKey.FileKind.VAULT));
        assertThat(PartitionKey.parseFilePath(key.manifestPath())).contains(
                new PartitionKey.FileRef(key, PartitionKey.FileKind.MANIFEST));
        assertThat(PartitionKey.parse(key.toString())).isEqualTo(key);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("1990-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }
}
