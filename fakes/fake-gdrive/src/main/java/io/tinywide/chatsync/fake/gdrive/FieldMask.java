package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fields} parameter of Google APIs (a partial response): {@code a,b(c,d),e/f} or {@code *}.
 * A name the resource does not have is refused with 400, as Drive does.
 */
final class FieldMask {
    /** Selected names; a {@code null} value selects the whole field. */
    private final Map<String, FieldMask> children;

    private FieldMask(Map<String, FieldMask> children) {
        this.children = children;
    }

    static FieldMask parse(String fields) {
        Parser p = new Parser(fields.replace(" ", ""));
        FieldMask mask = p.list();
        if (p.at != p.text.length()) {
            throw invalid(fields);
        }
        return mask;
    }

    private static DriveError invalid(String fields) {
        return DriveError.invalidParameter("fields", "Invalid field selection " + fields);
    }

    /** Checks the names against a resource's fields: those of a list, whose {@code files} are files. */
    FieldMask validateList(Set<String> listFields) {
        for (Map.Entry<String, FieldMask> e : children.entrySet()) {
            if (!e.getKey().equals("*") && !listFields.contains(e.getKey())) {
                throw invalid(e.getKey());
            }
            if (e.getKey().equals("files") && e.getValue() != null) {
                e.getValue().validateFile();
            }
        }
        return this;
    }

    FieldMask validateFile() {
        for (String name : children.keySet()) {
            if (!name.equals("*") && !DriveFile.FIELDS.contains(name)) {
                throw invalid(name);
            }
        }
        return this;
    }

    ObjectNode apply(ObjectNode full) {
        if (children.containsKey("*")) {
            return full;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        children.forEach((name, sub) -> {
            JsonNode value = full.get(name);
            if (value == null) {
                return;
            }
            if (sub == null) {
                out.set(name, value);
            } else if (value.isArray()) {
                ArrayNode a = out.putArray(name);
                value.forEach(v -> a.add(v.isObject() ? sub.apply((ObjectNode) v) : v));
            } else if (value.isObject()) {
                out.set(name, sub.apply((ObjectNode) value));
            } else {
                out.set(name, value);
            }
        });
        return out;
    }

    private static final class Parser {
        final String text;
        int at;

        Parser(String text) {
            this.text = text;
        }

        FieldMask list() {
            Map<String, FieldMask> children = new LinkedHashMap<>();
            do {
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                }
                String name = name();
                FieldMask sub = null;
                if (at < text.length() && text.charAt(at) == '(') {
                    at++;
                    sub = list();
                    if (at >= text.length() || text.charAt(at) != ')') {
                        throw invalid(text);
                    }
                    at++;
                } else if (at < text.length() && text.charAt(at) == '/') {
                    at++;
                    String inner = name();
                    sub = new FieldMask(new LinkedHashMap<>(Map.of(inner, nested())));
                }
                FieldMask merged = children.containsKey(name) ? merge(children.get(name), sub) : sub;
                children.put(name, merged);
            } while (at < text.length() && text.charAt(at) == ',');
            return new FieldMask(children);
        }

        /** After {@code a/b}: more {@code /c} or a parenthesised list for b. */
        private FieldMask nested() {
            if (at < text.length() && text.charAt(at) == '/') {
                at++;
                String inner = name();
                return new FieldMask(new LinkedHashMap<>(Map.of(inner, nested())));
            }
            if (at < text.length() && text.charAt(at) == '(') {
                at++;
                FieldMask sub = list();
                at++;
                return sub;
            }
            return null;
        }

        private static FieldMask merge(FieldMask a, FieldMask b) {
            if (a == null || b == null) {
                return null;
            }
            Map<String, FieldMask> both = new LinkedHashMap<>(a.children);
            for (Map.Entry<String, FieldMask> e : b.children.entrySet()) {
                both.put(e.getKey(), both.containsKey(e.getKey()) ? merge(both.get(e.getKey()), e.getValue())
                        : e.getValue());
            }
            return new FieldMask(both);
        }

        private String name() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '*'
                    || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw invalid(text);
            }
            return text.substring(start, at);
        }
    }
}
