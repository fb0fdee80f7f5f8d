package io.tinywide.chatsync.core.engine;

import io.tinywide.chatsync.core.codec.CodecOptions;
import io.tinywide.chatsync.core.codec.PassphraseKeys;
import io.tinywide.chatsync.core.port.in.EngineSettings;
import io.tinywide.chatsync.core.port.out.PassphraseSource;
import io.tinywide.chatsync.core.port.out.PassphraseSource.Purpose;
import io.tinywide.chatsync.core.store.InMemoryMessageStore;
import io.tinywide.chatsync.core.store.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The passphrase is asked only when a key is derived, once, and with the purpose that lets a prompt confirm it. */
class LazyPassphraseTest {
    private final MemoryStorage remote = new MemoryStorage("remote");
    private final List<Purpose> asked = new ArrayList<>();

    private ChatVaultEngine engine(PassphraseSource source) {
        return new ChatVaultEngine(Map.of("mem", remote), new InMemoryMessageStore(), new InMemorySyncStateStore(),
                new PassphraseKeys(source, CodecOptions.DEFAULTS.withKdfIterations(1_000)), EngineSettings.DEFAULTS);
    }

    private PassphraseSource recording(String passphrase) {
        return purpose -> {
            asked.add(purpose);
            return passphrase.toCharArray();
        };
    }

    @Test
    void aNewKeyringAsksOnceToCreateAndAnExistingOneOnceToUnlock() {
        ChatVaultEngine first = engine(recording("pass"));
        first.syncMessages("mem");
        first.syncMessages("mem");
        assertThat(asked).containsExactly(Purpose.NEW_KEYRING);

        asked.clear();
        ChatVaultEngine second = engine(recording("pass"));
        second.syncMessages("mem");
        second.syncMessages("mem");
        assertThat(asked).containsExactly(Purpose.UNLOCK);
    }

    @Test
    void aRestoreFromARemoteWithNothingOnItNeedsNoPassphrase() {
        ChatVaultEngine engine = engine(purpose -> {
            throw new IllegalStateException("no passphrase should be needed");
        });
        assertThat(engine.restoreVaultForDate(LocalDate.of(2024, 1, 1)).partitionsFetched()).isEmpty();
        assertThat(engine.restoreConversation("urn:chat:ab").partitionsFetched()).isEmpty();
    }

    @Test
    void aSourceThatHasNoPassphraseStopsTheSyncBeforeAnythingIsWrittenAndMayBeAskedAgain() {
        List<Purpose> tries = new ArrayList<>();
        ChatVaultEngine engine = engine(purpose -> {
            tries.add(purpose);
            if (tries.size() == 1) {
                throw new IllegalStateException("no passphrase: pass --passphrase-file FILE");
            }
            return "pass".toCharArray();
        });
        assertThatThrownBy(() -> engine.syncMessages("mem")).hasMessageContaining("no passphrase");
        assertThat(remote.paths()).isEmpty();
        assertThat(engine.syncMessages("mem").isComplete()).isTrue();
        assertThat(tries).containsExactly(Purpose.NEW_KEYRING, Purpose.NEW_KEYRING);
        assertThat(remote.paths()).containsExactly("keyring.json");
    }

    @Test
    void anEmptyPassphraseIsRefused() {
        assertThatThrownBy(() -> engine(purpose -> new char[0]).syncMessages("mem"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThat(remote.paths()).isEmpty();
    }
}
