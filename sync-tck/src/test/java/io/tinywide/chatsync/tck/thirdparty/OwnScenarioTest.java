package io.tinywide.chatsync.tck.thirdparty;

import io.tinywide.chatsync.core.domain.PartitionKey;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.in.SyncReport;
import io.tinywide.chatsync.tck.EngineConformanceVerification;
import io.tinywide.chatsync.tck.InMemoryRemotes;
import io.tinywide.chatsync.tck.fault.FaultyStorage;
import io.tinywide.chatsync.tck.fault.FaultyStorage.Fault;
import io.tinywide.chatsync.tck.fault.FaultyStorage.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third party's own scenario on the engine conformance devices, from a package of its own (so only the
 * kit's public and protected API is used), with the cleanup hook told the shared root.
 */
class OwnScenarioTest extends EngineConformanceVerification {
    private final InMemoryRemotes remotes = new InMemoryRemotes();
    private static final List<String> CLEANED = new CopyOnWriteArrayList<>();

    @Override
    protected CloudStorage createStorage(String root) {
        return remotes.open(root);
    }

    @Override
    protected void cleanUp(String root) {
        CLEANED.add(root);
    }

    @Test
    void aMonthEditedOnTwoPhonesWhileOneIsThrottledLosesNothing() throws Exception {
        Device laptop = device("laptop");
        Device phone = device("phone", 3, s -> new FaultyStorage(s).inject(Operation.WRITE, p -> true,
                Fault.THROTTLED, 1));
        laptop.say("m1", "urn:chat:ab", "2024-01-10T10:00:00Z");
        laptop.syncOk();
        phone.say("m2", "urn:chat:ab", "2024-01-11T10:00:00Z");
        SyncReport throttled = phone.sync();
        assertThat(throttled.isComplete()).as("throttled writes are reported").isFalse();
        phone.syncOk();
        laptop.syncOk();
        assertSameHistory(laptop, phone);
        assertThat(laptop.month(PartitionKey.parse("2024-01")).messageCount()).isEqualTo(2);
        assertThat(phone.store().message("m1")).isPresent();
        assertThat(phone.name()).isEqualTo("phone");
        assertThat(phone.storage().describe()).startsWith("memory:tck engine ");
    }

    /** After every test (the kit's rules and this one), the hook was told the one root the devices shared. */
    @AfterAll
    static void theCleanupHookWasToldEachTestsSharedRoot() {
        assertThat(CLEANED).hasSize(9).allMatch(root -> root.startsWith("tck engine "));
    }
}
