package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.fail;
import static io.tinywide.chatsync.tck.rules.Expect.holds;
import static io.tinywide.chatsync.tck.rules.Expect.shown;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R7: the objects themselves. */
final class ObjectRules {
    private ObjectRules() {
    }

    static void anEmptyFileRoundTrips(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        Revision r = s.write("2024/empty.json", new byte[0], WriteCondition.ifAbsent());
        holds(s, "2024/empty.json", new byte[0], r, "after writing an empty file");
        List<RemoteEntry> listed = s.list("2024/");
        check(listed.size() == 1 && listed.get(0).size() == 0, "list of %s after writing one empty file returned %s",
                s.describe(), shown(listed));
    }

    static void binaryContentRoundTripsExactly(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        for (String path : ReadWriteRules.TOP_AND_NESTED) {
            Revision r = s.write(path, all, WriteCondition.ifAbsent());
            RemoteObject o = s.read(path).orElseThrow(() -> fail("%s on %s vanished", path, s.describe()));
            int first = firstDifference(o.bytes(), all);
            check(first < 0, "read of %s on %s returned %d bytes that differ from the 512 written (every byte value "
                    + "twice) first at offset %d", path, s.describe(), o.bytes().length, first);
            check(o.revision().equals(r), "read of %s on %s returned revision %s; the write returned %s", path,
                    s.describe(), o.revision(), r);
        }
    }

    static void aLargeFileRoundTripsWithTheRevisionWritten(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        int size = run.subject.largeObjectBytes();
        byte[] large = new byte[size];
        Random random = new Random(7);
        for (int i = 0; i < size; i++) {
            large[i] = (byte) (' ' + random.nextInt(95)); // printable: binary content is R7.2's
        }
        String path = "2024/large.bin";
        Revision written = s.write(path, large, WriteCondition.ifAbsent());
        RemoteObject back = s.read(path).orElseThrow(() -> fail("the large file %s on %s is absent", path,
                s.describe()));
        int first = firstDifference(back.bytes(), large);
        check(first < 0, "read of the %d-byte %s on %s returned %d bytes, differing first at offset %d", size, path,
                s.describe(), back.bytes().length, first);
        check(back.revision().equals(written), "read of the %d-byte %s on %s returned revision %s; the write returned "
                + "%s (a multipart upload's revision?)", size, path, s.describe(), back.revision(), written);
        List<RemoteEntry> listed = s.list("2024/").stream().filter(e -> e.path().equals(path)).toList();
        check(listed.size() == 1 && listed.get(0).size() == size && listed.get(0).revision().equals(written),
                "list of %s shows the %d-byte %s as %s; the write returned revision %s", s.describe(), size, path,
                shown(listed), written);
    }

    private static int firstDifference(byte[] got, byte[] expected) {
        int mismatch = Arrays.mismatch(got, expected);
        return mismatch;
    }

    static void noArraysAreSharedWithCallers(RuleRun run) throws Exception {
        CloudStorage s = run.storage();
        byte[] written = utf8("original");
        Revision r = s.write("2024/arr.json", written, WriteCondition.ifAbsent());
        written[0] = 'X';
        holds(s, "2024/arr.json", utf8("original"), r, "after the caller changed the array it had written");
        byte[] firstRead = s.read("2024/arr.json").orElseThrow().bytes();
        firstRead[0] = 'Y';
        holds(s, "2024/arr.json", utf8("original"), r, "after the caller changed the array a read returned");
        byte[] version = s.readVersions("2024/arr.json", CloudStorage.MAX_READ_BYTES).get(0).bytes();
        version[0] = 'Z';
        holds(s, "2024/arr.json", utf8("original"), r, "after the caller changed the array readVersions returned");
    }
}
