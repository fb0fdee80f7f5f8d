package io.tinywide.chatsync.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Everything the command line prints passes through here, so that no text from a remote (a file
 * name, a key id in an error, a message quoted by verify) or from a file can reach the terminal as
 * a control sequence: the C0 and C1 control characters (but the line break and the tab), DEL, and
 * the Unicode controls that reorder text on screen (bidirectional overrides and isolates) are
 * written as escapes such as <code>&#92;u001b</code>. Line breaks stay, since every line is printed
 * with its own.
 *
 * <p>The JSON Lines of {@code export} pass through unchanged in meaning: a raw control character can
 * stand only inside a JSON string there, where its escape is the same character.
 */
final class TerminalSafeWriter extends FilterWriter {

    TerminalSafeWriter(Writer out) {
        super(out);
    }

    /** The text with its unsafe characters escaped. */
    static String escape(String text) {
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (safe == null) {
                    safe = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                safe.append(String.format("\\u%04x", (int) c));
            } else if (safe != null) {
                safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }

    static boolean isUnsafe(char c) {
        return c < 0x20 && c != '\n' && c != '\t'
                || c >= 0x7f && c <= 0x9f
                || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    @Override
    public void write(int c) throws IOException {
        if (isUnsafe((char) c)) {
            out.write(escape(String.valueOf((char) c)));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        write(new String(chars, offset, length), 0, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        String part = text.substring(offset, offset + length);
        String safe = escape(part);
        out.write(safe, 0, safe.length());
    }

    /** A stream that escapes what is printed to it as text (logs, stack traces), for {@code System.err}. */
    static PrintStream printStream(PrintStream raw) {
        return new PrintStream(raw, true, StandardCharsets.UTF_8) {
            @Override
            public void print(String text) {
                super.print(escape(String.valueOf(text)));
            }

            @Override
            public void print(Object value) {
                print(String.valueOf(value));
            }
        };
    }

    /**
     * Flushes, and says so when what lies below is a {@link java.io.PrintWriter} that failed (the
     * command line's own, on {@code System.out}, which never throws): a closed pipe is then an error
     * that the writers above this one see.
     */
    @Override
    public void flush() throws IOException {
        super.flush();
        if (out instanceof java.io.PrintWriter below && below.checkError()) {
            throw new IOException("the output was closed or could not be written");
        }
    }
}
