package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.List;
import java.util.TreeSet;

/**
 * Removing what the rules left in a scratch root, for {@code chatsync check-remote} and for kits run on a
 * live cloud. It deletes every file under the storage's root: point it at a scratch root only.
 */
public final class Scratch {
    private Scratch() {
    }

    /**
     * Deletes every file under the storage's root (listing again until nothing is listed, for storages
     * whose listings lag), then {@linkplain CloudStorage#removeRootIfEmpty() removes the root}.
     *
     * @return what is left: the paths still listed when it gave up; empty if the root is gone
     */
    public static List<String> removeEverything(CloudStorage scratch) throws InterruptedException {
        List<String> left = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            left = List.copyOf(new TreeSet<>(scratch.list("").stream().map(RemoteEntry::path).toList()));
            if (left.isEmpty()) {
                return scratch.removeRootIfEmpty() ? List.of()
                        : List.of("(the root itself: removeRootIfEmpty() found something the listing does not show)");
            }
            for (String path : left) {
                scratch.delete(path, WriteCondition.unconditional());
            }
            if (attempt > 0) {
                Thread.sleep(250);
            }
        }
        return left;
    }
}
