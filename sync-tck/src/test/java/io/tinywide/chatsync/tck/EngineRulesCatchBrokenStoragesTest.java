package io.tinywide.chatsync.tck;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine rules fail a storage that loses what racing devices write, as the storage rules do. */
class EngineRulesCatchBrokenStoragesTest {

    /** Declares atomic compare-and-set, and writes whatever the condition says: the last writer wins. */
    private static final class LastWriterWins extends ForwardingStorage {
        LastWriterWins(CloudStorage delegate) {
            super(delegate);
        }

        @Override
        public Revision write(String path, byte[] bytes, WriteCondition condition) {
            return super.write(path, bytes, WriteCondition.unconditional());
        }
    }

    @Test
    void ruleR118FailsAStorageWhoseRacingWritesOverwriteEachOther() throws Exception {
        InMemoryRemotes remotes = new InMemoryRemotes();
        EngineConformanceVerification kit = new EngineConformanceVerification() {
            @Override
            protected CloudStorage createStorage(String root) {
                return new LastWriterWins(remotes.open(root));
            }
        };
        try {
            assertThatThrownBy(kit::required_R11_8_devicesRacingOnOneMonthLoseNothingAndResurrectNothingInAnyRound)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("R11.8 round")
                    .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("is missing from"),
                            e -> assertThat(e).hasMessageContaining("is live again"));
        } finally {
            kit.closeStorages();
        }
    }
}
