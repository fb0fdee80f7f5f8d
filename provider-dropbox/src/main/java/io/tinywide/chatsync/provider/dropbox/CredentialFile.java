package io.tinywide.chatsync.provider.dropbox;

import com.dropbox.core.json.JsonReadException;
import com.dropbox.core.oauth.DbxCredential;
import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.StorageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The stored authorization: a {@link DbxCredential} (refresh token, app key, last access token) as the
 * SDK writes it, in a file readable by its owner only (0600, in a folder of mode 0700 when chatsync
 * creates it). Written to a temporary file and moved into place, so a crash never leaves half a file.
 */
final class CredentialFile {
    private CredentialFile() {
    }

    static DbxCredential load(Path file) {
        try {
            return DbxCredential.Reader.readFully(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new AuthenticationException("dropbox: not authorized yet: there is no stored authorization at "
                    + file + "; run 'chatsync auth dropbox' (with the same --remote) first", e);
        } catch (JsonReadException e) {
            throw new AuthenticationException("dropbox: the stored authorization at " + file + " is not readable ("
                    + e.getClass().getSimpleName() + "); " + DropboxErrors.AUTHORIZE_AGAIN, null);
        } catch (IOException e) {
            throw new StorageException("dropbox: cannot read the stored authorization at " + file + " ("
                    + e.getMessage() + "); check the file's permissions", e);
        }
    }

    static Path store(Path file, DbxCredential credential) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, posix("rwx------"));
            }
            Path tmp = Files.createTempFile(dir, ".dropbox-credential", ".tmp", posix("rw-------"));
            try {
                Files.writeString(tmp, DbxCredential.Writer.writeToString(credential), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (FileAlreadyExistsException e) {
            throw new StorageException("dropbox: cannot store the authorization: " + e.getFile() + " is in the way "
                    + "(not a folder); name another file with the remote's credential option", e);
        } catch (IOException e) {
            throw new StorageException("dropbox: cannot store the authorization in " + target + " ("
                    + e.getMessage() + "); name another file with the remote's credential option", e);
        }
    }

    /** Owner-only permissions where the file system has POSIX permissions; none asked for elsewhere. */
    private static FileAttribute<?>[] posix(String permissions) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
