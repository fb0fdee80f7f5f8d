package io.tinywide.chatsync.core.store;

import io.tinywide.chatsync.core.port.out.DeviceKeyStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DeviceKeyStore} in memory: keys and pins last as long as the object. The default of
 * {@code ChatSync.builder()}; an application that wants a device to stay unlocked and pinned across
 * restarts keeps them in its own database (as the command line's SQLite store does).
 */
public final class InMemoryDeviceKeyStore implements DeviceKeyStore {
    private final Map<String, KeptKey> kept = new ConcurrentHashMap<>();
    private final boolean keepKeys;

    /** A store that keeps unlocked keys and pins. */
    public InMemoryDeviceKeyStore() {
        this(true);
    }

    /**
     * @param keepKeys false to keep pins only, so that each new engine asks for the passphrase
     */
    public InMemoryDeviceKeyStore(boolean keepKeys) {
        this.keepKeys = keepKeys;
    }

    @Override
    public Optional<KeptKey> kept(String remote) {
        return Optional.ofNullable(kept.get(remote));
    }

    @Override
    public void keep(String remote, KeptKey key) {
        kept.put(remote, keepKeys ? key : key.withoutKey());
    }
}
