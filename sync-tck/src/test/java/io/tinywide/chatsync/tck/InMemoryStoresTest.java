package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Nested;

/** sync-core's in-memory stores pass the kits for the application-side ports. */
class InMemoryStoresTest {
    @Nested
    class MessageStore extends LocalMessageStoreVerification {
        @Override
        protected LocalMessageStore newStore() {
            return new InMemoryMessageStore();
        }
    }

    @Nested
    class StateStore extends SyncStateStoreVerification {
        @Override
        protected SyncStateStore newStateStore() {
            return new InMemorySyncStateStore();
        }
    }
}
