package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@code multipart/related} upload body as Drive takes it: a JSON metadata part, then the media part.
 *
 * @param metadata  the first part
 * @param media     the second part's bytes
 * @param mediaType the second part's {@code Content-Type}
 */
record Multipart(ObjectNode metadata, byte[] media, String mediaType) {

    static Multipart parse(String contentType, byte[] body) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            throw DriveError.badRequest("Bad content type. Please use multipart.");
        }
        String boundary = null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring(9).replace("\"", "");
            }
        }
        if (boundary == null) {
            throw DriveError.badRequest("Bad content type. Please use multipart.");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int first = indexOf(body, delimiter, 0);
        int second = first < 0 ? -1 : indexOf(body, delimiter, first + delimiter.length);
        int third = second < 0 ? -1 : indexOf(body, delimiter, second + delimiter.length);
        if (third < 0) {
            throw DriveError.badRequest("Malformed multipart body.");
        }
        Part meta = part(body, first + delimiter.length, second);
        Part media = part(body, second + delimiter.length, third);
        ObjectNode metadata = meta.body.length == 0 ? Exchange.JSON.createObjectNode()
                : (ObjectNode) Exchange.JSON.readTree(meta.body);
        return new Multipart(metadata, media.body, media.type == null ? "application/octet-stream" : media.type);
    }

    private record Part(String type, byte[] body) { }

    /** A part between two delimiters: its headers, a blank line, then its body up to the CRLF before the next. */
    private static Part part(byte[] body, int from, int to) {
        int start = from;
        if (start + 1 < body.length && body[start] == '\r' && body[start + 1] == '\n') {
            start += 2;
        }
        byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int headersEnd = indexOf(body, blank, start);
        if (headersEnd < 0 || headersEnd > to) {
            throw DriveError.badRequest("Malformed multipart body.");
        }
        String type = null;
        for (String line : new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
                type = line.substring(colon + 1).split(";")[0].trim();
            }
        }
        int end = to;
        if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
            end -= 2;
        }
        return new Part(type, Arrays.copyOfRange(body, headersEnd + blank.length, Math.max(end,
                headersEnd + blank.length)));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
