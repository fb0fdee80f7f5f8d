package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.List;

import static io.tinywide.chatsync.tck.rules.Expect.absent;
import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.expectOk;
import static io.tinywide.chatsync.tck.rules.Expect.expectThrows;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;
import static io.tinywide.chatsync.tck.rules.ReadWriteRules.TOP_AND_NESTED;

/** R6: deletes. */
final class DeleteRules {
    private DeleteRules() {
    }

    static void deleteRemovesAndDeletingAnAbsentPathSucceeds(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            s.write(path, utf8("x"), WriteCondition.ifAbsent());
            s.delete(path, WriteCondition.unconditional());
            absent(s, path, "after its delete");
            List<RemoteObject> versions = s.readVersions(path, CloudStorage.MAX_READ_BYTES);
            check(versions.isEmpty(), "readVersions of %s on %s after its delete returned %s", path, s.describe(),
                    shown(versions));
            expectOk("a second delete of " + path + " (now absent) on " + s.describe(), () -> {
                s.delete(path, WriteCondition.unconditional());
                return null;
            });
            expectOk("a delete of the never-written " + path + ".never on " + s.describe(), () -> {
                s.delete(path + ".never", WriteCondition.unconditional());
                return null;
            });
        }
    }

    static void conditionalDeleteHonoursTheRevision(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            Revision r1 = s.write(path, utf8("one"), WriteCondition.ifAbsent());
            if (!RuleRun.has(s, Capability.CONDITIONAL_DELETE)) {
                expectThrows(UnsupportedCapabilityException.class, "without CONDITIONAL_DELETE, a delete of " + path
                        + " with ifMatch on " + s.describe(), () -> {
                        s.delete(path, WriteCondition.ifMatch(r1));
                        return "success";
                    });
                holds(s, path, utf8("one"), r1, "after a refused conditional delete");
                continue;
            }
            Revision r2 = s.write(path, utf8("second"), WriteCondition.unconditional());
            expectThrows(PreconditionFailedException.class, "a delete of " + path + " with the stale ifMatch(" + r1
                    + ") on " + s.describe(), () -> {
                    s.delete(path, WriteCondition.ifMatch(r1));
                    return "success";
                });
            holds(s, path, utf8("second"), r2, "after a refused delete with a stale revision");
            expectOk("a delete of " + path + " with ifMatch(" + r2 + ") of the current revision on " + s.describe(),
                    () -> {
                    s.delete(path, WriteCondition.ifMatch(r2));
                    return null;
                });
            absent(s, path, "after a delete with ifMatch of its current revision");
            expectThrows(PreconditionFailedException.class, "a delete of the absent " + path + " with ifMatch(" + r2
                    + ") on " + s.describe(), () -> {
                    s.delete(path, WriteCondition.ifMatch(r2));
                    return "success";
                });
        }
        if (!RuleRun.has(s, Capability.CONDITIONAL_DELETE)) {
            throw run.skip("the storage does not declare CONDITIONAL_DELETE, and refuses a conditional delete as it "
                    + "should");
        }
    }

    static void aDeleteLeavesOthersAloneAndThePathCanBeCreatedAgain(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        Revision b = s.write("2024/b.json", utf8("b"), WriteCondition.ifAbsent());
        Revision top = s.write("top.json", utf8("top"), WriteCondition.ifAbsent());
        s.write("2024/a.json", utf8("a"), WriteCondition.ifAbsent());
        s.delete("2024/a.json", WriteCondition.unconditional());
        holds(s, "2024/b.json", utf8("b"), b, "after a delete of 2024/a.json");
        holds(s, "top.json", utf8("top"), top, "after a delete of 2024/a.json");
        Revision again = expectOk("an ifAbsent write of the deleted 2024/a.json on " + s.describe(),
                () -> s.write("2024/a.json", utf8("again"), WriteCondition.ifAbsent()));
        holds(s, "2024/a.json", utf8("again"), again, "after it was deleted and created again");
    }

    static void deleteIfAbsentFailsWhileTheFileExists(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        for (String path : TOP_AND_NESTED) {
            Revision r = s.write(path, utf8("kept"), WriteCondition.ifAbsent());
            expectThrows(PreconditionFailedException.class, "a delete of the existing " + path + " with ifAbsent on "
                    + s.describe(), () -> {
                    s.delete(path, WriteCondition.ifAbsent());
                    return "success";
                });
            holds(s, path, utf8("kept"), r, "after a refused delete with ifAbsent");
            String missing = path.replace(".json", "-absent.json");
            expectOk("a delete of the absent " + missing + " with ifAbsent on " + s.describe(), () -> {
                s.delete(missing, WriteCondition.ifAbsent());
                return null;
            });
            absent(s, missing, "after a delete with ifAbsent");
        }
    }
}
