package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the shaded {@code chatsync.jar} in a child JVM, exactly as the README tells a user to. */
class ChatsyncJarIT {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) { }

    private Run java(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("chatsync.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().remove("CHATSYNC_PASSPHRASE"); // every passphrase here is given by a file
        Process p = builder.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("chatsync " + String.join(" ", args) + " finished").isTrue();
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    @Test
    void theDemoRunsAndEveryDeviceAgrees() throws Exception {
        Run demo = java("demo");
        assertThat(demo.status()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("all devices agree", "first sync (uploads every month)", "bytes");
    }

    @Test
    void anInterruptedRunSaysSoInsteadOfEndingInSilence() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("chatsync.jar"), "demo").directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile())
                .start();
        while (p.isAlive() && Files.size(tmp.resolve("out.txt")) == 0) {
            Thread.sleep(20);                                    // until the demo is under way
        }
        p.destroy();                                             // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() != 0, "the demo finished before it was stopped");
        assertThat(Files.readString(tmp.resolve("err.txt"))).contains("chatsync: interrupted; nothing is lost");
    }

    /**
     * SQLite's library is loaded from the cache, under its content's name: the driver's own way (a copy
     * in its temporary folder) is made impossible here, so the demo runs only if the cached file loads.
     * A second run uses the same file without writing it again.
     */
    @Test
    void sqliteLoadsFromTheCacheUnderItsContentsNameAndASecondRunReusesIt() throws Exception {
        Path cache = tmp.resolve("cache");
        Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "");
        List<java.nio.file.attribute.BasicFileAttributes> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dorg.sqlite.tmpdir=" + notAFolder, "-jar", System.getProperty("chatsync.jar"), "demo")
                    .directory(tmp.toFile()).redirectOutput(tmp.resolve("out.txt").toFile())
                    .redirectError(tmp.resolve("err.txt").toFile());
            builder.environment().put("XDG_CACHE_HOME", cache.toString());
            Process p = builder.start();
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isZero();
            List<Path> cached;
            try (java.util.stream.Stream<Path> files = Files.list(cache.resolve("chatsync/native"))) {
                cached = files.toList();
            }
            assertThat(cached).singleElement().extracting(f -> f.getFileName().toString()).asString()
                    .matches("(lib)?sqlitejdbc-[0-9a-f]{64}\\.(so|dylib|dll)");
            runs.add(Files.readAttributes(cached.get(0), java.nio.file.attribute.BasicFileAttributes.class));
        }
        assertThat(runs.get(1).fileKey()).isEqualTo(runs.get(0).fileKey());
        assertThat(runs.get(1).lastModifiedTime()).isEqualTo(runs.get(0).lastModifiedTime());
    }

    /** check-remote runs the kit's rules from the jar, which holds no test framework. */
    @Test
    void checkRemoteRunsTheRulesFromTheJarAndLeavesNoTrace() throws Exception {
        Path remote = Files.createDirectories(tmp.resolve("nas"));
        Run check = java("--remote", remote.toUri().toString(), "check-remote");
        assertThat(check.status()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("holds    R4.5", "holds    R8.2", "is removed");
        try (java.util.stream.Stream<Path> left = Files.walk(remote)) {
            assertThat(left.map(p -> remote.relativize(p).toString())).as("no scratch folder left")
                    .noneMatch(p -> p.contains(".chatsync-check-"));
        }
    }

    /** Stopped half-way (SIGTERM, as Ctrl-C's SIGINT), check-remote still removes its scratch folder. */
    @Test
    void anInterruptedCheckRemoteRemovesItsScratchFolder() throws Exception {
        Path remote = Files.createDirectories(tmp.resolve("nas"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("chatsync.jar"), "--remote", remote.toUri().toString(), "check-remote")
                .directory(tmp.toFile()).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        while (p.isAlive() && !Files.readString(tmp.resolve("out.txt")).contains("R3.1")) {
            Thread.sleep(20);                                    // until rules have written in the scratch folder
        }
        p.destroy();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() != 0, "the check finished before it was stopped");
        assertThat(Files.readString(tmp.resolve("err.txt"))).contains("is removed");
        try (java.util.stream.Stream<Path> left = Files.walk(remote)) {
            assertThat(left.map(x -> remote.relativize(x).toString())).as("no scratch folder left")
                    .noneMatch(x -> x.contains(".chatsync-check-"));
        }
    }

    @Test
    void aCompletedRunSaysNothingOfInterruption() throws Exception {
        Run providers = java("providers");
        assertThat(providers.err()).doesNotContain("interrupted");
    }

    @Test
    void everyProviderBuiltSoFarIsInsideTheJar() throws Exception {
        Run providers = java("providers");
        assertThat(providers.status()).isZero();
        assertThat(providers.out()).contains("localfs", "s3 ", "Amazon S3 and compatible", "dropbox ",
                "Dropbox (app folder)", "gdrive", "Google Drive");
    }

    @Test
    void importSyncAndExportAcrossTwoDevices() throws Exception {
        Path input = tmp.resolve("in.jsonl");
        Files.writeString(input, "{\"id\":\"m1\",\"conversation\":\"urn:chat:alice-bob\",\"sender\":\"urn:user:alice\","
                + "\"sentAt\":\"2024-01-15T10:00:00Z\",\"type\":\"text\",\"text\":\"hi\"}\n", StandardCharsets.UTF_8);
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "a passphrase\n");
        String remote = Files.createDirectories(tmp.resolve("remote")).toUri().toString();
        String[] a = {"--store", "a.db", "--remote", remote, "--passphrase-file", pass.toString()};
        String[] b = {"--store", "b.db", "--remote", remote, "--passphrase-file", pass.toString()};
        assertThat(java(concat(a, "import", input.toString())).status()).isZero();
        assertThat(java(concat(a, "sync")).status()).isZero();
        assertThat(java(concat(b, "sync")).status()).isZero();
        Run export = java(concat(b, "export"));
        assertThat(export.out().strip()).isEqualTo(Files.readString(input).strip());
    }

    /**
     * The jar carries sync-argon2 with only the BouncyCastle classes Argon2id needs (the shade
     * filter): a keyring it makes records Argon2id with the defaults, and opens again on another
     * device, in JVMs of their own, so a class left out of the jar would fail here.
     */
    @Test
    void aKeyringMadeByTheJarIsArgon2idAndOpensAgain() throws Exception {
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "a passphrase\n");
        Path folder = Files.createDirectories(tmp.resolve("remote"));
        String[] a = {"--store", "a.db", "--remote", folder.toUri().toString(), "--passphrase-file", pass.toString()};
        String[] b = {"--store", "b.db", "--remote", folder.toUri().toString(), "--passphrase-file", pass.toString()};
        Run made = java(concat(a, "sync"));
        assertThat(made.status()).as(made.out() + made.err()).isZero();
        assertThat(Files.readString(folder.resolve("tinywide/messaging/keyring.json")))
                .contains("\"kdf\":{\"name\":\"Argon2id\",\"memoryKiB\":47104,\"iterations\":1,\"parallelism\":1,");
        Run opened = java(concat(b, "sync"));
        assertThat(opened.status()).as(opened.out() + opened.err()).isZero();
        Run listed = java(concat(b, "key", "list"));
        assertThat(listed.out()).contains("Argon2id(46 MiB, 1 iteration, 1 lane)", "(this device uses this key)");
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "not the passphrase\n");
        Run refused = java("--store", "c.db", "--remote", folder.toUri().toString(), "--passphrase-file", wrong.toString(),
                "sync");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("passphrase does not unlock");
    }

    /** Of BouncyCastle, only Argon2id's part: no JCA provider, no services file that would name one. */
    @Test
    void theJarHoldsOnlyTheBouncyCastleClassesArgon2idNeeds() throws Exception {
        List<String> bouncyCastle;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(System.getProperty("chatsync.jar"))) {
            assertThat(jar.getEntry("org/bouncycastle/crypto/generators/Argon2BytesGenerator.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/java.security.Provider")).isNull();
            bouncyCastle = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("org/bouncycastle/") && name.endsWith(".class")).toList();
        }
        assertThat(bouncyCastle).noneMatch(name -> name.startsWith("org/bouncycastle/jce/")
                || name.startsWith("org/bouncycastle/jcajce/") || name.startsWith("org/bouncycastle/pqc/")
                || name.startsWith("org/bouncycastle/math/"));
        assertThat(bouncyCastle.size()).as("of bcprov's thousands of classes").isLessThan(200);
    }

    @Test
    void theJarKnowsItsVersion() throws Exception {
        Run version = java("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out().strip()).isEqualTo("chatsync " + System.getProperty("chatsync.expectedVersion"));
    }

    /** A child process has no terminal (System.console() is null there): nothing can be asked. */
    @Test
    void withoutATerminalAMissingPassphraseIsTheClearErrorNotAHang() throws Exception {
        String remote = Files.createDirectories(tmp.resolve("remote")).toUri().toString();
        Run sync = java("--store", "a.db", "--remote", remote, "sync");
        assertThat(sync.status()).isEqualTo(1);
        assertThat(sync.err().strip()).isEqualTo("chatsync: no passphrase: pass --passphrase-file FILE or set "
                + "CHATSYNC_PASSPHRASE");
        assertThat(tmp.resolve("a.db")).doesNotExist();
    }

    /** What the enforcer's bannedDependencies keeps out (parent pom), seen in the jar itself. */
    @Test
    void theJarHoldsNoHttpStackThatNothingUses() throws Exception {
        List<String> unused;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(System.getProperty("chatsync.jar"))) {
            unused = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("io/netty/") || name.startsWith("org/apache/hc/")
                            || name.startsWith("software/amazon/awssdk/http/nio/")
                            || name.startsWith("software/amazon/awssdk/http/apache5/"))
                    .limit(5).toList();
        }
        assertThat(unused).as("Netty and Apache HttpClient 5 are excluded").isEmpty();
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
