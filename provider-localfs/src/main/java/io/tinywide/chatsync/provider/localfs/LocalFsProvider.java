package io.tinywide.chatsync.provider.localfs;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * A folder on disk as a chatsync remote: a NAS mount, a USB disk, or a folder that another sync
 * tool (Syncthing, Nextcloud, a Dropbox client) mirrors. Remote URI {@code file:/absolute/folder};
 * chatsync keeps its files under {@code <folder>/<root>}.
 *
 * <p>Writes are atomic (temporary file, fsync, atomic rename), and conditional writes are
 * compare-and-set under a lock file, so devices that share the folder over a network file system
 * with working locks, and threads of one process, never overwrite each other.
 */
public final class LocalFsProvider implements StorageProvider {
    /** This provider's id. */
    public static final String ID = "localfs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Local folder";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS, Capability.CONDITIONAL_DELETE,
                Capability.CONSISTENT_LISTING);
    }

    @Override
    public Set<String> uriSchemes() {
        return Set.of("file", ID);
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        if (!config.options().isEmpty()) {
            // An option ignored silently would be a setting the user believes in and does not have.
            throw new StorageException("localfs: unknown option '" + config.options().keySet().iterator().next()
                    + "'; a folder remote takes no options");
        }
        // RFC 8089: file://localhost/abs names the same folder as file:/abs.
        String location = config.location().startsWith("localhost/")
                ? config.location().substring("localhost".length()) : config.location();
        Path base;
        try {
            base = Path.of(location);
        } catch (InvalidPathException e) {
            throw new StorageException("localfs: '" + config.location() + "' is not a valid folder path", e);
        }
        if (!base.isAbsolute()) {
            throw new StorageException("localfs: the folder must be an absolute path, such as file:/mnt/nas/chats; got '"
                    + location + "'");
        }
        Path dir = base.resolve(config.root()).normalize();
        if (!dir.startsWith(base.normalize())) {
            throw new StorageException("localfs: root '" + config.root() + "' leaves the folder " + base);
        }
        // Only the root is created, never the folder itself: an unmounted disk must be reported,
        // not silently replaced by an empty folder on the local disk.
        if (!Files.isDirectory(base)) {
            throw new StorageException("localfs: the folder " + base + " does not exist or is not a folder; create it, "
                    + "or mount the disk it lives on");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("localfs: cannot create or open the folder " + dir + ": " + e
                    + "; check that it exists and is writable", e);
        }
        return new LocalFsStorage(dir);
    }
}
