package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The few checks the rules make, with messages that say what was observed. No test framework needed. */
final class Expect {
    private Expect() {
    }

    /** Something that may throw. */
    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    static void check(boolean holds, String observation, Object... args) {
        if (!holds) {
            throw new RuleViolation(args.length == 0 ? observation : String.format(observation, args));
        }
    }

    static RuleViolation fail(String observation, Object... args) {
        return new RuleViolation(args.length == 0 ? observation : String.format(observation, args));
    }

    /**
     * The exception {@code call} throws, which must be a {@code type}; a call that returns, or throws
     * another type, breaks the rule.
     */
    static <T extends Throwable> T expectThrows(Class<T> type, String what, Call call) {
        Object returned;
        try {
            returned = call.run();
        } catch (Throwable e) {
            if (e instanceof RuleViolation v) {
                throw v;
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            throw new RuleViolation(what + " threw " + e + "; expected " + type.getSimpleName(), e);
        }
        throw new RuleViolation(what + " returned " + shown(returned) + "; expected " + type.getSimpleName());
    }

    /** Runs a call that must not fail; a failure breaks the rule, saying which call it was. */
    static <T> T expectOk(String what, java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (RuleViolation | RuleSkipped e) {
            throw e;
        } catch (Exception e) {
            throw new RuleViolation(what + " threw " + e, e);
        }
    }

    /** The file at a path, which must be there. */
    static RemoteObject present(CloudStorage s, String path, String context) {
        Optional<RemoteObject> o = s.read(path);
        return o.orElseThrow(() -> fail("read of %s on %s is empty %s; expected a file", path, s.describe(), context));
    }

    static void absent(CloudStorage s, String path, String context) {
        Optional<RemoteObject> o = s.read(path);
        check(o.isEmpty(), "read of %s on %s returned %s %s; expected nothing there", path, s.describe(),
                o.map(Expect::shown).orElse(""), context);
    }

    /** The file holds these bytes, at this revision if one is given. */
    static void holds(CloudStorage s, String path, byte[] bytes, Revision revision, String context) {
        RemoteObject o = s.read(path).orElseThrow(() -> fail("read of %s on %s is empty %s; expected %s", path,
                s.describe(), context, shown(bytes)));
        check(Arrays.equals(o.bytes(), bytes), "read of %s on %s returned %s %s; expected %s", path, s.describe(),
                shown(o.bytes()), context, shown(bytes));
        check(revision == null || revision.equals(o.revision()), "read of %s on %s returned revision %s %s; "
                + "expected %s", path, s.describe(), o.revision(), context, revision);
        check(o.path().equals(path), "read of %s on %s returned an object for path '%s'", path, s.describe(),
                o.path());
    }

    /** The paths of a listing, in its order, repeats kept. */
    static List<String> paths(List<RemoteEntry> entries) {
        return entries.stream().map(RemoteEntry::path).toList();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A short, printable picture of a value, for messages. */
    static String shown(Object value) {
        if (value instanceof byte[] b) {
            if (b.length <= 40 && new String(b, StandardCharsets.UTF_8).chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return "'" + new String(b, StandardCharsets.UTF_8) + "'";
            }
            return b.length + " bytes";
        }
        if (value instanceof Optional<?> o) {
            return o.isEmpty() ? "Optional.empty" : "Optional[" + shown(o.get()) + "]";
        }
        if (value instanceof RemoteObject o) {
            return o.path() + " (" + shown(o.bytes()) + ", revision " + o.revision() + ")";
        }
        if (value instanceof List<?> l) {
            String items = l.stream().limit(6).map(Expect::shown).collect(Collectors.joining(", "));
            return "[" + items + (l.size() > 6 ? ", … " + l.size() + " in all" : "") + "]";
        }
        if (value instanceof io.tinywide.chatsync.core.port.out.WriteCondition c) {
            return c instanceof io.tinywide.chatsync.core.port.out.WriteCondition.IfMatch m ? "ifMatch(" + m.revision()
                    + ")" : c == io.tinywide.chatsync.core.port.out.WriteCondition.ifAbsent() ? "ifAbsent()"
                    : "unconditional()";
        }
        if (value instanceof RemoteEntry e) {
            return e.path() + " (" + e.size() + " bytes, revision " + e.revision() + ")";
        }
        return String.valueOf(value);
    }
}
