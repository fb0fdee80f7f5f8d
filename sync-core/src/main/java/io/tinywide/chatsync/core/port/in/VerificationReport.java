package io.tinywide.chatsync.core.port.in;

import java.util.List;

/**
 * The outcome of one {@link RemoteVerifier#verify verification}.
 *
 * @param remote       the remote checked ({@code CloudStorage.describe()})
 * @param keyringFound whether the remote has a keyring; without one and without any other
 *                     chatsync file, nothing has been synced to it yet
 * @param files        one check per file, by path: every listed file, and the manifests that
 *                     should be there and are not
 */
public record VerificationReport(String remote, boolean keyringFound, List<FileCheck> files) {

    public VerificationReport {
        files = List.copyOf(files);
    }

    /** The checks of files found bad. */
    public List<FileCheck> bad() {
        return files.stream().filter(f -> f.verdict() == Verdict.BAD).toList();
    }

    /** How many chatsync files were found good. */
    public long okCount() {
        return files.stream().filter(f -> f.verdict() == Verdict.OK).count();
    }

    /** How many chatsync files were checked, good or bad (files that are not chatsync's are not). */
    public long checkedCount() {
        return files.stream().filter(f -> f.verdict() != Verdict.IGNORED).count();
    }

    /** True when every chatsync file is good. */
    public boolean isClean() {
        return bad().isEmpty();
    }

    /**
     * What was found of one file.
     *
     * @param path    the path under the remote root
     * @param verdict good, bad, or not a chatsync file
     * @param detail  what it holds if good; what is wrong and what to do next if bad
     */
    public record FileCheck(String path, Verdict verdict, String detail) { }

    /** What a file was found to be. */
    public enum Verdict {
        /** It decrypts, verifies and (for a manifest) describes its vault. */
        OK,
        /** It cannot be read or decoded, or it is missing, or a manifest does not describe its vault. */
        BAD,
        /** Not a chatsync file name (a look-alike, another tool's file); sync ignores it. */
        IGNORED
    }
}
