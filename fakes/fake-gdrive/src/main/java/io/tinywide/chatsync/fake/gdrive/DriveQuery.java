package io.tinywide.chatsync.fake.gdrive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The part of Drive's search query language ({@code q} of {@code files.list}) that clients of files in
 * folders use: {@code name}, {@code mimeType}, {@code trashed}, {@code starred}, {@code createdTime},
 * {@code modifiedTime} compared with {@code = != < <= > >=}, {@code name contains 'x'},
 * {@code 'id' in parents}, combined with {@code and}, {@code or}, {@code not} and parentheses. String
 * literals are single-quoted with {@code \'} and {@code \\} escapes. Anything else is refused as
 * Drive refuses it: 400 {@code invalid} at parameter {@code q}.
 */
final class DriveQuery {
    /** A word, an operator, a parenthesis, or (when {@code literal}) the value of a quoted string. */
    private record Token(String text, boolean literal) { }

    private final List<Token> tokens;
    private final Function<String, String> aliases;
    private int at;

    private DriveQuery(List<Token> tokens, Function<String, String> aliases) {
        this.tokens = tokens;
        this.aliases = aliases;
    }

    /**
     * @param aliases turns {@code root} and {@code appDataFolder} into the folder ids they stand for
     */
    static Predicate<DriveFile> parse(String q, Function<String, String> aliases) {
        if (q == null || q.isBlank()) {
            return f -> true;
        }
        DriveQuery parser = new DriveQuery(tokenize(q), aliases);
        Predicate<DriveFile> p = parser.or();
        if (parser.at != parser.tokens.size()) {
            throw invalid();
        }
        return p;
    }

    private static DriveError invalid() {
        return DriveError.invalidParameter("q", "Invalid Value");
    }

    private Predicate<DriveFile> or() {
        Predicate<DriveFile> p = and();
        while (peekWord("or")) {
            at++;
            p = p.or(and());
        }
        return p;
    }

    private Predicate<DriveFile> and() {
        Predicate<DriveFile> p = not();
        while (peekWord("and")) {
            at++;
            p = p.and(not());
        }
        return p;
    }

    private Predicate<DriveFile> not() {
        if (peekWord("not")) {
            at++;
            return not().negate();
        }
        if (peek() != null && !peek().literal() && "(".equals(peek().text())) {
            at++;
            Predicate<DriveFile> p = or();
            expect(")");
            return p;
        }
        return term();
    }

    private Predicate<DriveFile> term() {
        Token first = next();
        if (first.literal()) {
            String value = first.text();
            if (!peekWord("in")) {
                throw invalid();
            }
            at++;
            Token collection = next();
            if (collection.literal() || !"parents".equals(collection.text())) {
                throw invalid();
            }
            String id = aliases.apply(value);
            return f -> f.parents.contains(id);
        }
        String field = first.text();
        Token operator = next();
        String op = operator.literal() ? "" : operator.text();
        if ("contains".equalsIgnoreCase(op)) {
            if (!"name".equals(field)) {
                throw invalid();
            }
            String value = stringValue();
            return f -> f.name.contains(value);
        }
        if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
            throw invalid();
        }
        return switch (field) {
            case "name" -> compare(op, stringValue(), f -> f.name);
            case "mimeType" -> equality(op, stringValue(), f -> f.mimeType);
            case "trashed" -> equality(op, booleanValue(), f -> f.trashed);
            case "starred" -> equality(op, booleanValue(), f -> f.starred);
            case "createdTime" -> compare(op, timeValue(), f -> f.createdTime);
            case "modifiedTime" -> compare(op, timeValue(), f -> f.modifiedTime);
            default -> throw invalid();
        };
    }

    private String stringValue() {
        Token t = next();
        if (!t.literal()) {
            throw invalid();
        }
        return t.text();
    }

    private Boolean booleanValue() {
        Token token = next();
        String t = token.literal() ? "" : token.text().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw invalid();
        }
        return Boolean.valueOf(t);
    }

    private Instant timeValue() {
        try {
            return Instant.parse(stringValue());
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    private static <T> Predicate<DriveFile> equality(String op, T value, Function<DriveFile, T> of) {
        return switch (op) {
            case "=" -> f -> value.equals(of.apply(f));
            case "!=" -> f -> !value.equals(of.apply(f));
            default -> throw invalid();
        };
    }

    private static <T extends Comparable<T>> Predicate<DriveFile> compare(String op, T value, Function<DriveFile, T> of) {
        return switch (op) {
            case "=" -> f -> of.apply(f).compareTo(value) == 0;
            case "!=" -> f -> of.apply(f).compareTo(value) != 0;
            case "<" -> f -> of.apply(f).compareTo(value) < 0;
            case "<=" -> f -> of.apply(f).compareTo(value) <= 0;
            case ">" -> f -> of.apply(f).compareTo(value) > 0;
            default -> f -> of.apply(f).compareTo(value) >= 0;
        };
    }

    private boolean peekWord(String word) {
        Token t = peek();
        return t != null && !t.literal() && t.text().equalsIgnoreCase(word);
    }

    private Token peek() {
        return at < tokens.size() ? tokens.get(at) : null;
    }

    private Token next() {
        if (at >= tokens.size()) {
            throw invalid();
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        Token t = next();
        if (t.literal() || !token.equals(t.text())) {
            throw invalid();
        }
    }

    private static List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < q.length()) {
                    char d = q.charAt(i++);
                    if (d == '\\' && i < q.length()) {
                        value.append(q.charAt(i++));
                    } else if (d == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(d);
                    }
                }
                if (!closed) {
                    throw invalid();
                }
                out.add(new Token(value.toString(), true));
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), false));
                i++;
            } else if (c == '!' || c == '<' || c == '>' || c == '=') {
                int start = i++;
                if (i < q.length() && q.charAt(i) == '=') {
                    i++;
                }
                out.add(new Token(q.substring(start, i), false));
            } else {
                int start = i;
                while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && "()'!<>=".indexOf(q.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(q.substring(start, i), false));
            }
        }
        return out;
    }
}
