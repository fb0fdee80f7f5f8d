package io.tinywide.chatsync.core.port.in;

import io.tinywide.chatsync.core.domain.PartitionKey;

/**
 * A partition that could not be synced or restored. Nothing of it was written remotely.
 *
 * @param partition the partition
 * @param reason    what failed, where, and what to do next
 * @param cause     the exception
 */
public record PartitionFailure(PartitionKey partition, String reason, Throwable cause) {
    @Override
    public String toString() {
        return partition + ": " + reason;
    }
}
