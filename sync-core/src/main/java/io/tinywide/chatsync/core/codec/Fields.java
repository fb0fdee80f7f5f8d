package io.tinywide.chatsync.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strict access to the fields of one JSON object: each field is read at most once with its
 * expected type, and {@link #done()} rejects any field nobody asked for. Errors name the file (or
 * line) and the field.
 */
final class Fields {
    private final ObjectNode node;
    private final String where;
    private final Set<String> seen = new HashSet<>();

    private Fields(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    static Fields of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new Bad(where, "expected a JSON object");
        }
        return new Fields((ObjectNode) node, where);
    }

    String text(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw new Bad(where, "field '" + name + "' must be a string");
        }
        return v.textValue();
    }

    String optionalText(String name) {
        JsonNode v = optional(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Bad(where, "field '" + name + "' must be a string");
        }
        return v.textValue();
    }

    long number(String name) {
        JsonNode v = required(name);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new Bad(where, "field '" + name + "' must be an integer");
        }
        return v.longValue();
    }

    long optionalNumber(String name, long otherwise) {
        return optional(name) == null ? otherwise : number(name);
    }

    int count(String name) {
        long v = number(name);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new Bad(where, "field '" + name + "' is out of range: " + v);
        }
        return (int) v;
    }

    Instant instant(String name) {
        String s = text(name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Bad(where, "field '" + name + "' is not an ISO-8601 instant such as 2024-01-15T10:00:00Z: '"
                    + s + "'");
        }
    }

    byte[] base64(String name) {
        String s = text(name);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new Bad(where, "field '" + name + "' is not valid base64");
        }
    }

    /**
     * Base64 that must be in the one form the encoder writes. The JDK decoder also accepts other
     * spellings of the same bytes (other pad bits, missing padding); in an authenticated header
     * that would let a file be edited without changing what it decodes to, so it is refused.
     */
    byte[] canonicalBase64(String name) {
        String s = text(name);
        byte[] bytes = base64(name);
        if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
            throw new Bad(where, "field '" + name + "' is not in canonical base64");
        }
        return bytes;
    }

    byte[] optionalBase64(String name) {
        return optional(name) == null ? null : base64(name);
    }

    List<JsonNode> array(String name) {
        JsonNode v = required(name);
        return elements(name, v);
    }

    List<JsonNode> optionalArray(String name) {
        JsonNode v = optional(name);
        return v == null ? List.of() : elements(name, v);
    }

    List<String> optionalStrings(String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : optionalArray(name)) {
            if (!e.isTextual()) {
                throw new Bad(where, "field '" + name + "' must hold strings only");
            }
            out.add(e.textValue());
        }
        return out;
    }

    Map<String, String> optionalStringMap(String name) {
        JsonNode v = optional(name);
        Map<String, String> out = new TreeMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw new Bad(where, "field '" + name + "' must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new Bad(where, "field '" + name + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** A nested object whose errors name the same file (or line) as this one's. */
    Fields member(String name) {
        return Fields.of(required(name), where);
    }

    Fields object(String name) {
        return Fields.of(required(name), where + " (" + name + ")");
    }

    /** The names of this object's fields, in the order of the file. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Rejects fields that were not read. */
    void done() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!seen.contains(name)) {
                throw new Bad(where, "unknown field '" + name + "'");
            }
        }
    }

    private List<JsonNode> elements(String name, JsonNode v) {
        if (!v.isArray()) {
            throw new Bad(where, "field '" + name + "' must be an array");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    private JsonNode required(String name) {
        JsonNode v = optional(name);
        if (v == null) {
            throw new Bad(where, "missing field '" + name + "'");
        }
        return v;
    }

    private JsonNode optional(String name) {
        seen.add(name);
        return node.get(name);
    }

    /** A structural error; callers turn it into the exception their caller expects. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String where;
        final String detail;

        Bad(String where, String detail) {
            super(where + ": " + detail);
            this.where = where;
            this.detail = detail;
        }
    }
}
