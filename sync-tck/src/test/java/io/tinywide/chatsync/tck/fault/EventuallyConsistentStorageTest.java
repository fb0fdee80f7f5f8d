package io.tinywide.chatsync.tck.fault;

import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.core.store.InMemoryStorage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class EventuallyConsistentStorageTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aListingLagsForTheGivenNumberOfListingsThenShowsTheTruth() {
        InMemoryStorage storage = new InMemoryStorage("plain");
        Revision kept = storage.write("kept.json", utf8("kept"), WriteCondition.ifAbsent());
        Revision gone = storage.write("gone.json", utf8("gone"), WriteCondition.ifAbsent());
        EventuallyConsistentStorage lagging = new EventuallyConsistentStorage(storage, 2);
        Revision added = lagging.write("new.json", utf8("new"), WriteCondition.ifAbsent());
        lagging.delete("gone.json", WriteCondition.unconditional());
        for (int i = 0; i < 2; i++) {
            assertThat(lagging.list("")).extracting(RemoteEntry::path, RemoteEntry::revision)
                    .containsExactlyInAnyOrder(tuple("kept.json", kept), tuple("gone.json", gone));
        }
        assertThat(lagging.list("")).extracting(RemoteEntry::path, RemoteEntry::revision)
                .containsExactlyInAnyOrder(tuple("kept.json", kept), tuple("new.json", added));
        assertThat(lagging.read("new.json")).as("reads stay consistent").isPresent();
    }

    /** Several versions of one name, as a storage without unique paths keeps them: each is its own entry. */
    @Test
    void versionsOfOneNameAreNeverCollapsed() throws Exception {
        InMemoryStorage storage = InMemoryStorage.versioned("versions", Duration.ofMillis(300));
        // Two creators that both find the name free leave two versions.
        CompletableFuture<Revision> first = CompletableFuture.supplyAsync(
                () -> storage.write("a.json", utf8("one"), WriteCondition.ifAbsent()));
        CompletableFuture<Revision> second = CompletableFuture.supplyAsync(
                () -> storage.sharedView().write("a.json", utf8("two"), WriteCondition.ifAbsent()));
        Revision r1 = first.get();
        Revision r2 = second.get();
        assertThat(storage.list("")).as("the setup made two versions").hasSize(2);

        EventuallyConsistentStorage lagging = new EventuallyConsistentStorage(storage, 1);
        assertThat(lagging.list("")).extracting(RemoteEntry::revision).containsExactlyInAnyOrder(r1, r2);

        Revision merged = lagging.write("a.json", utf8("merged"), WriteCondition.ifMatch(r1));
        assertThat(lagging.list("")).as("lagging: both versions as they were before the write")
                .extracting(RemoteEntry::revision).containsExactlyInAnyOrder(r1, r2);
        assertThat(lagging.list("")).as("then the truth: r1 replaced, r2 kept")
                .extracting(RemoteEntry::revision).containsExactlyInAnyOrder(r2, merged);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
