package io.tinywide.chatsync.guice;

import io.tinywide.chatsync.core.port.in.EngineSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an application tells chatsync: the remotes to sync with, where the passphrase comes from,
 * and the engine's tuning. The application binds one, typically built from its own configuration:
 *
 * <pre>{@code
 * @Provides
 * ChatSyncSettings chatSync(AppConfig config) {
 *     return ChatSyncSettings.of(PassphraseSource.environment("CHATSYNC_PASSPHRASE"),
 *             RemoteSettings.uri(config.backupRemote()));
 * }
 * }</pre>
 *
 * <p>The passphrase is asked only when a key must be derived: when this device first unlocks a
 * remote (or creates its keyring), and for changes of the keys. A device that keeps its keys
 * ({@link ChatSyncModule} says where) needs it once per remote, not on every start.
 *
 * @param remotes    the remotes, at least one; the first is the default for restores
 * @param passphrase asked for the passphrase when a key must be derived: one of {@link PassphraseSource}'s,
 *                   or any core {@link io.tinywide.chatsync.core.port.out.PassphraseSource}
 * @param engine     the engine's tuning
 */
public record ChatSyncSettings(List<RemoteSettings> remotes,
                               io.tinywide.chatsync.core.port.out.PassphraseSource passphrase,
                               EngineSettings engine) {

    public ChatSyncSettings {
        remotes = List.copyOf(Objects.requireNonNull(remotes, "remotes"));
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(engine, "engine");
        if (remotes.isEmpty()) {
            throw new IllegalArgumentException("ChatSyncSettings needs at least one remote");
        }
        Set<String> ids = new HashSet<>();
        for (RemoteSettings remote : remotes) {
            if (remote instanceof RemoteSettings.ById byId && !ids.add(byId.providerId())) {
                throw new IllegalArgumentException("two remotes name provider '" + byId.providerId()
                        + "'; a service has at most one remote per provider");
            }
        }
    }

    /** Settings with the default engine tuning ({@link EngineSettings#DEFAULTS}). */
    public static ChatSyncSettings of(io.tinywide.chatsync.core.port.out.PassphraseSource passphrase,
                                      RemoteSettings remote, RemoteSettings... more) {
        List<RemoteSettings> all = new ArrayList<>();
        all.add(remote);
        all.addAll(List.of(more));
        return new ChatSyncSettings(all, passphrase, EngineSettings.DEFAULTS);
    }

    /** These settings with other engine tuning. */
    public ChatSyncSettings withEngine(EngineSettings tuning) {
        return new ChatSyncSettings(remotes, passphrase, tuning);
    }
}
