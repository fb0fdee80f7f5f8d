package io.tinywide.chatsync.core.codec;

import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.ChatVault;
import io.tinywide.chatsync.core.domain.EditVersion;
import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.domain.Tombstone;
import io.tinywide.chatsync.core.port.out.VaultFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vault survives both bodies and the file: the columns of version 2 and the objects of
 * version 1 decode to the vault that was encoded, whatever its messages leave out or carry (empty
 * texts, edit versions at 0 or without a device, times to the nanosecond, the month's first and last
 * instants), and equal vaults give equal bytes.
 */
class VaultBodyProperties {
    private static final PartitionKey MONTH = PartitionKey.parse("2024-02");
    private static final VaultFormat FORMAT = new PassphraseKeys("p".toCharArray(),
            CodecOptions.DEFAULTS.withKdfIterations(1_000)).unlock("keyring.json",
            new PassphraseKeys("p".toCharArray(), CodecOptions.DEFAULTS.withKdfIterations(1_000)).newKeyring());

    @Provide
    Arbitrary<ChatVault> vaults() {
        long span = MONTH.end().getEpochSecond() - MONTH.start().getEpochSecond();
        Arbitrary<Instant> times = Arbitraries.oneOf(
                Arbitraries.longs().between(0, span * 1_000_000_000L - 1).map(n -> MONTH.start().plusNanos(n)),
                Arbitraries.of(MONTH.start(), MONTH.end().minusNanos(1)));
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("", "hi", "Grüße 👋",
                "line\nbreak \"quoted\"", "\u0000"), Arbitraries.strings().ofMaxLength(30));
        Arbitrary<EditVersion> versions = Arbitraries.oneOf(Arbitraries.just(EditVersion.INITIAL),
                Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of("", "dev-a", "x"))
                        .as(EditVersion::new));
        Arbitrary<ChatMessage> messages = Combinators.combine(
                Arbitraries.integers().between(0, 40), times, texts, Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(5), Arbitraries.of(null, "read", "sent"),
                Arbitraries.of("a", "b", "starred").list().ofMaxSize(3),
                Arbitraries.maps(Arbitraries.of("urn:user:a", "urn:user:b"), Arbitraries.of("read", "")).ofMaxSize(2),
                versions)
                .as((i, at, text, payload, status, tags, receipts, version) -> new ChatMessage("m" + i,
                        "urn:chat:" + i % 3, "urn:user:" + i % 4, at, i % 5 == 0 ? "image" : "text", text, payload,
                        status, tags, receipts, version));
        Arbitrary<Tombstone> tombstones = Combinators.combine(Arbitraries.integers().between(100, 110), times)
                .as((i, at) -> new Tombstone("m" + i, "urn:chat:x", at, Instant.parse("2024-06-01T00:00:00Z")));
        return Combinators.combine(messages.list().ofMaxSize(25), tombstones.list().ofMaxSize(3))
                .as((ms, ts) -> {
                    // One identity per id (a vault refuses two), so keep the first drawn of each.
                    Map<String, ChatMessage> byId = new java.util.LinkedHashMap<>();
                    ms.forEach(m -> byId.putIfAbsent(m.id(), m));
                    Map<String, Tombstone> deleted = new java.util.LinkedHashMap<>();
                    ts.forEach(t -> deleted.putIfAbsent(t.messageId(), t));
                    return ChatVault.of(MONTH, new ArrayList<>(byId.values()), new ArrayList<>(deleted.values()));
                });
    }

    @Property(tries = 500)
    void bothBodiesAndTheFileRoundTrip(@ForAll("vaults") ChatVault vault) throws Exception {
        byte[] columns = CanonicalJson.encodeVault(vault);
        assertThat(CanonicalJson.decodeVault("v", MONTH, columns)).isEqualTo(vault);
        assertThat(CanonicalJson.decodeVault("v", MONTH, CanonicalJsonTest.version1(vault))).isEqualTo(vault);
        VaultFormat.SealedVault sealed = FORMAT.sealVault(vault, 2);
        VaultFormat.OpenedVault opened = FORMAT.openVault(MONTH.vaultPath(), MONTH, sealed.bytes());
        assertThat(opened.vault()).isEqualTo(vault);
        assertThat(opened.digest()).isEqualTo(sealed.digest()).isEqualTo(CanonicalJson.digest(columns));
    }

    @Property(tries = 200)
    void equalVaultsGiveEqualBodiesWhateverTheOrderOfTheirEntries(@ForAll("vaults") ChatVault vault) {
        List<ChatMessage> reversed = new ArrayList<>(vault.messages());
        java.util.Collections.reverse(reversed);
        ChatVault same = ChatVault.of(MONTH, reversed, vault.tombstones());
        assertThat(CanonicalJson.encodeVault(same)).isEqualTo(CanonicalJson.encodeVault(vault));
    }
}
