package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Optional;

import static io.tinywide.chatsync.tck.rules.Expect.expectThrows;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R9: errors. */
final class ErrorRules {
    private ErrorRules() {
    }

    static void failuresAreStorageExceptionsNamingTheStorageAndThePath(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        String path = "2024/e.json";
        Revision r1 = s.write(path, utf8("one"), WriteCondition.ifAbsent());
        s.write(path, utf8("two"), WriteCondition.ifMatch(r1));
        namesWhere(s, path, "an ifAbsent write of an existing file", false,
                () -> s.write(path, utf8("x"), WriteCondition.ifAbsent()));
        namesWhere(s, path, "an ifMatch write with a stale revision", false,
                () -> s.write(path, utf8("x"), WriteCondition.ifMatch(r1)));
        namesWhere(s, path, "a delete with a stale ifMatch", false, () -> {
            s.delete(path, WriteCondition.ifMatch(r1));
            return null;
        });
        namesWhere(s, path, "a delete with ifAbsent of an existing file", false, () -> {
            s.delete(path, WriteCondition.ifAbsent());
            return null;
        });
        namesWhere(s, path, "a read over its limit", false, () -> s.read(path, 1));
        namesWhere(s, "../escape.json", "a refused path", true, () -> s.read("../escape.json"));
        namesWhere(s, "../escape.json", "a refused path", true,
                () -> s.write("../escape.json", utf8("x"), WriteCondition.unconditional()));
        Optional<CloudStorage> unreachable = run.unreachable();
        if (unreachable.isPresent()) {
            CloudStorage u = unreachable.get();
            namesWhere(u, path, "a read of an unreachable storage", false, () -> u.read(path));
            namesWhere(u, path, "a readVersions of an unreachable storage", false,
                    () -> u.readVersions(path, CloudStorage.MAX_READ_BYTES));
            namesWhere(u, "2024/", "a listing of an unreachable storage", false, () -> u.list("2024/"));
            namesWhere(u, path, "a write to an unreachable storage", false,
                    () -> u.write(path, utf8("x"), WriteCondition.unconditional()));
            namesWhere(u, path, "a delete on an unreachable storage", false, () -> {
                u.delete(path, WriteCondition.unconditional());
                return null;
            });
        }
    }

    /**
     * If the call fails, the failure must be a StorageException (or, for a refused argument, an
     * IllegalArgumentException) whose message names the storage and the path. A call that does not fail
     * is other rules' concern.
     */
    private static void namesWhere(CloudStorage s, String path, String what, boolean badArgument, Expect.Call call) {
        Exception failure;
        try {
            call.run();
            return;
        } catch (Exception e) {
            failure = e;
        }
        boolean rightType = failure instanceof StorageException
                || badArgument && failure instanceof IllegalArgumentException;
        if (!rightType) {
            throw fail("%s on %s threw %s; failures are StorageExceptions%s, never raw SDK, HTTP or I/O exceptions",
                    what, s.describe(), failure, badArgument ? " or IllegalArgumentException" : "");
        }
        String message = String.valueOf(failure.getMessage());
        if (!message.contains(s.describe()) || !message.contains(path)) {
            throw fail("%s on %s threw %s with the message \"%s\", which does not name %s; say where: the storage "
                    + "(describe()) and the path", what, s.describe(), failure.getClass().getSimpleName(), message,
                    message.contains(s.describe()) ? "the path " + path : message.contains(path)
                            ? "the storage " + s.describe() : "the storage " + s.describe() + " nor the path " + path);
        }
    }

    static void refusedCredentialsAreAnAuthenticationExceptionForEveryOperation(RuleRun run) throws Exception {
        CloudStorage s = run.unauthorized().orElseThrow(() -> run.skip("no storage with refused credentials was given "
                + "(override createUnauthorizedStorage())"));
        String path = "2024/chat_vault_2024_01.json";
        String on = " on " + s.describe() + ", whose credentials are refused,";
        expectThrows(AuthenticationException.class, "read of " + path + on, () -> s.read(path));
        expectThrows(AuthenticationException.class, "readVersions of " + path + on,
                () -> s.readVersions(path, CloudStorage.MAX_READ_BYTES));
        expectThrows(AuthenticationException.class, "list" + on, () -> s.list(""));
        expectThrows(AuthenticationException.class, "unconditional write of " + path + on,
                () -> s.write(path, utf8("x"), WriteCondition.unconditional()));
        expectThrows(AuthenticationException.class, "ifAbsent write of " + path + on,
                () -> s.write(path, utf8("x"), WriteCondition.ifAbsent()));
        expectThrows(AuthenticationException.class, "delete of " + path + on, () -> {
            s.delete(path, WriteCondition.unconditional());
            return "success";
        });
    }
}
