package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilityProbeTest {
    private static StorageSubject subject(Function<String, InMemoryStorage> factory,
                                          Function<CloudStorage, CloudStorage> wrap) {
        Map<String, InMemoryStorage> remotes = new ConcurrentHashMap<>();
        return root -> wrap.apply(remotes.computeIfAbsent(root, factory).sharedView());
    }

    private static Map<Capability, CapabilityProbe.Measured> measure(StorageSubject subject) throws Exception {
        return CapabilityProbe.measure(subject).stream()
                .collect(Collectors.toMap(CapabilityProbe.Measured::capability, m -> m));
    }

    @Test
    void theReferenceStorageHasWhatItDeclares() throws Exception {
        Map<Capability, CapabilityProbe.Measured> m = measure(subject(InMemoryStorage::new, s -> s));
        assertThat(m.values()).allSatisfy(x -> {
            assertThat(x.declared()).isTrue();
            assertThat(x.measured()).as(x.evidence()).contains(true);
            assertThat(x.overclaimed()).isFalse();
        });
    }

    @Test
    void aStorageThatKeepsVersionsAndChecksBeforeItActsIsMeasuredSo() throws Exception {
        Map<Capability, CapabilityProbe.Measured> m = measure(subject(r -> InMemoryStorage.versioned(r,
                Duration.ofMillis(2)), s -> s));
        assertThat(m.get(Capability.ATOMIC_CONDITIONAL_WRITE).measured()).contains(false);
        assertThat(m.get(Capability.ATOMIC_CONDITIONAL_WRITE).evidence()).contains("by two writers at once");
        assertThat(m.get(Capability.UNIQUE_PATHS).measured()).contains(false);
        assertThat(m.get(Capability.UNIQUE_PATHS).evidence()).contains("files of that name");
        assertThat(m.get(Capability.CONDITIONAL_DELETE).measured()).contains(true);
        assertThat(m.values()).noneMatch(CapabilityProbe.Measured::overclaimed);
    }

    @Test
    void aCapabilityClaimedAndAbsentIsOverclaimed() throws Exception {
        Set<Capability> claims = EnumSet.allOf(Capability.class);
        Map<Capability, CapabilityProbe.Measured> m = measure(subject(r -> InMemoryStorage.versioned(r,
                Duration.ofMillis(2)), s -> new ForwardingStorage(s) {
                    @Override
                    public Set<Capability> capabilities() {
                        return claims;
                    }
                }));
        assertThat(m.values().stream().filter(CapabilityProbe.Measured::overclaimed)
                .map(CapabilityProbe.Measured::capability).toList())
                .containsExactlyInAnyOrder(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS);
    }

    @Test
    void aRefusedConditionalDeleteIsMeasuredAbsent() throws Exception {
        Map<Capability, CapabilityProbe.Measured> m = measure(subject(InMemoryStorage::new,
                s -> new ForwardingStorage(s) {
                    @Override
                    public void delete(String path, io.tinywide.chatsync.core.port.out.WriteCondition condition) {
                        if (condition instanceof io.tinywide.chatsync.core.port.out.WriteCondition.IfMatch) {
                            throw new io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException(
                                    Capability.CONDITIONAL_DELETE, describe() + ": no conditional delete of " + path);
                        }
                        super.delete(path, condition);
                    }
                }));
        assertThat(m.get(Capability.CONDITIONAL_DELETE).measured()).isEqualTo(Optional.of(false));
        assertThat(m.get(Capability.CONDITIONAL_DELETE).evidence()).contains("refused");
        assertThat(List.of(m.get(Capability.CONDITIONAL_DELETE).overclaimed())).containsExactly(true);
    }
}
