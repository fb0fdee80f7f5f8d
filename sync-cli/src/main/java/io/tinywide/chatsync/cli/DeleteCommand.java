package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.domain.ChatMessage;
import io.tinywide.chatsync.core.domain.Tombstone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;

/** {@code delete ID}: deletes a message locally; the tombstone travels with the next sync. */
@Command(name = "delete", description = "Delete a message on this device (the deletion syncs to the others).")
final class DeleteCommand extends DeviceCommand {
    @Parameters(paramLabel = "ID", description = "the message id")
    String id;

    @Override
    public Integer call() {
        try (Device device = Device.openExisting(cli)) {
            Optional<ChatMessage> live = device.store.message(id);
            if (live.isEmpty()) {
                // Deleting twice reaches the state asked for: not an error.
                Tombstone t = device.store.tombstone(id).orElseThrow(() -> new UserError("no message with id '" + id
                        + "' in " + Device.absolute(cli.store) + "; if it is in an older month, restore that month "
                        + "first (restore --month YYYY-MM)"));
                out().printf("%s is already deleted (%s, %s, deleted at %s); nothing to do%n", id, t.conversation(),
                        t.sentAt(), t.deletedAt());
                return 0;
            }
            ChatMessage m = live.get();
            device.store.delete(m.tombstone(Instant.now()));
            out().printf("deleted %s (%s, %s); run sync to send the deletion%n", id,
                    m.conversation(), m.sentAt());
        }
        return 0;
    }
}
