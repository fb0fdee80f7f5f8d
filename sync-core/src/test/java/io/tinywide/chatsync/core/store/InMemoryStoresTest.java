package io.tinywide.chatsync.core.store;

import io.tinywide.chatsync.core.port.out.LocalMessageStore;
import io.tinywide.chatsync.core.port.out.SyncStateStore;
import io.tinywide.chatsync.core.storecontract.LocalMessageStoreContract;
import io.tinywide.chatsync.core.storecontract.SyncStateStoreContract;
import org.junit.jupiter.api.Nested;

class InMemoryStoresTest {
    @Nested
    class MessageStore extends LocalMessageStoreContract {
        @Override
        protected LocalMessageStore newStore() {
            return new InMemoryMessageStore();
        }
    }

    @Nested
    class StateStore extends SyncStateStoreContract {
        @Override
        protected SyncStateStore newStateStore() {
            return new InMemorySyncStateStore();
        }
    }
}
