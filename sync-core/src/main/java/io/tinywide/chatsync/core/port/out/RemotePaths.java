package io.tinywide.chatsync.core.port.out;

/**
 * The one rule for paths given to a {@link CloudStorage}: relative, {@code /}-separated, with no
 * empty, {@code .} or {@code ..} segments, no backslash, and no NUL or other control character (a
 * newline or an escape in a name is refused by some backends, shown wrongly by others, and never
 * written by chatsync). Providers call {@link #requireValid} before any I/O, for every operation, so
 * no path can reach outside the storage's root.
 */
public final class RemotePaths {
    private RemotePaths() {
    }

    /**
     * Returns the path if it is valid.
     *
     * @param storage names the storage in the message
     * @throws IllegalArgumentException naming the path and the rule it breaks
     */
    public static String requireValid(String storage, String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException(storage + ": a path must not be empty");
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(storage + ": '" + path + "' is not a relative path with / separators");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(storage + ": '" + path.replaceAll("\\p{Cntrl}", "?") + "' holds a "
                    + "control character (shown as ?); paths are printable");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(storage + ": '" + path + "' has an empty, '.' or '..' segment and "
                        + "could leave the storage's root");
            }
        }
        return path;
    }

    /**
     * Returns the listing prefix if it is valid: empty, or a valid path, or a valid path followed by one
     * {@code /}. A prefix may end inside a name ({@code 2024/chat_vault}).
     *
     * @param storage names the storage in the message
     * @throws IllegalArgumentException naming the prefix and the rule it breaks
     */
    public static String requireValidPrefix(String storage, String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException(storage + ": a listing prefix must not be null; use \"\" for all");
        }
        if (!prefix.isEmpty()) {
            requireValid(storage, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }
}
