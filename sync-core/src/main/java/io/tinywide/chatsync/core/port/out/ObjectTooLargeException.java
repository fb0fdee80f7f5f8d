package io.tinywide.chatsync.core.port.out;

import java.util.OptionalLong;

/**
 * A remote file is larger than the limit its reader gave ({@link CloudStorage#read(String, long)}). The
 * storage did not read it whole: it read at most the limit plus one byte, or only its size. Retrying
 * will not help, and the file is left as it is: a file too large to read is never taken for an absent
 * one.
 */
public final class ObjectTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long limit;
    private final long size;

    /**
     * @param storage the storage's {@link CloudStorage#describe() description}, for the message
     * @param path    the path read
     * @param limit   the reader's limit in bytes
     * @param size    the file's size if the storage knows it; negative if it only knows that the file
     *                holds more than {@code limit} bytes
     */
    public ObjectTooLargeException(String storage, String path, long limit, long size) {
        super(storage + ": " + path + " is " + (size >= 0 ? size + " bytes" : "larger than " + limit + " bytes")
                + ", over the limit of " + limit + " bytes for this file; it was not read and is left as it is");
        this.path = path;
        this.limit = limit;
        this.size = size;
    }

    public String path() {
        return path;
    }

    public long limit() {
        return limit;
    }

    /** The file's size, when the storage knew it. */
    public OptionalLong size() {
        return size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
    }
}
