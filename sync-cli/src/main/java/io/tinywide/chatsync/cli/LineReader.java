package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text line by line, with two checks that {@code BufferedReader.readLine} lacks: a
 * line longer than {@link #MAX_LINE_BYTES} stops the read (one unbounded line, such as a binary
 * file or a whole JSON array, would otherwise fill the heap), and a line that is not UTF-8 is
 * reported with its number (a decoding reader says only "Input length = 1").
 */
final class LineReader implements Closeable {
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final String name;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private int number;

    /** @param name what the messages call the input, such as its file name */
    LineReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The number of the line {@link #next} returned last, counting from 1. */
    int number() {
        return number;
    }

    /**
     * The next line without its {@code \n} or {@code \r\n}, or {@code null} at the end.
     *
     * @throws UserError if the line is too long or not UTF-8
     */
    String next() throws IOException {
        line.reset();
        boolean any = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                position = 0;
                limit = Math.max(n, 0);
                if (n < 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line.size() + (position - start) > MAX_LINE_BYTES) {
                throw new UserError(name + " line " + (number + 1) + " is longer than 1 MiB; is this a JSON-lines "
                        + "export? nothing was imported");
            }
            line.write(buffer, start, position - start);
            if (position < limit) {
                position++; // the '\n'
                break;
            }
        }
        number++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        ByteBuffer input = ByteBuffer.wrap(bytes, 0, length);
        try {
            return utf8.decode(input).toString();
        } catch (CharacterCodingException e) {
            // decode leaves the position at the first byte it could not read
            throw new UserError(name + " line " + number + " is not valid UTF-8 (byte " + (input.position() + 1)
                    + " of the line); save the file as UTF-8 and import it again; nothing was imported");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
