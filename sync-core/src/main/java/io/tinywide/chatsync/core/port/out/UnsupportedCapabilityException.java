package io.tinywide.chatsync.core.port.out;

/** The call needs a {@link Capability} that this storage does not have. */
public final class UnsupportedCapabilityException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability, String message) {
        super(message);
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
