package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.store.NativeLibraryCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * {@code chatsync.jar}: the command line of DESIGN §7. Each device is one SQLite file
 * ({@code --store}); a remote is a URI ({@code --remote}).
 *
 * <p>Exit status 0 on success; 1 when the work failed (a partition that did not sync, a bad file
 * found by {@code verify}, devices that disagree in {@code demo}); 2 for a usage error. Errors are
 * one line on stderr, with the stack trace only under {@code --verbose}.
 */
@Command(name = "chatsync", mixinStandardHelpOptions = true, versionProvider = ChatsyncCli.Version.class,
        description = "Back up and sync chat history, end-to-end encrypted, through storage you own.",
        subcommands = {DemoCommand.class, ProvidersCommand.class, ImportCommand.class, DeleteCommand.class,
                SyncCommand.class, RestoreCommand.class, ExportCommand.class, VerifyCommand.class,
                CheckRemoteCommand.class, AuthCommand.class, KeyCommand.class})
public final class ChatsyncCli {
    /** Exit status of a failed run (as opposed to a usage error, which is 2). */
    static final int FAILED = 1;

    @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "chatsync.db",
            description = "this device's SQLite file (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--remote", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "file:/abs/dir | s3://bucket/prefix?endpoint=URL&region=R&pathStyle=true")
    String remote;

    @Option(names = "--passphrase-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "file whose first line is the passphrase (or set CHATSYNC_PASSPHRASE; "
                    + "otherwise it is asked on the terminal when needed)")
    Path passphraseFile;

    @Option(names = "--recovery-key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "unlock with the recovery key in FILE instead of the passphrase (or set "
                    + "CHATSYNC_RECOVERY_KEY)")
    Path recoveryKeyFile;

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "PATH", defaultValue = "tinywide/messaging",
            description = "folder under the remote that chatsync owns (default: ${DEFAULT-VALUE})")
    String root;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "progress details and stack traces")
    boolean verbose;

    /** Environment variables ({@code CHATSYNC_PASSPHRASE}); scripted in tests. */
    final UnaryOperator<String> environment;
    /** Where a passphrase is asked when no file or variable gives it; scripted in tests. */
    final Terminal terminal;
    /** The command's error stream, for warnings that do not stop it. */
    private PrintWriter err;

    private ChatsyncCli(UnaryOperator<String> environment, Terminal terminal) {
        this.environment = environment;
        this.terminal = terminal;
    }

    /**
     * chatsync's cache folder: {@code $XDG_CACHE_HOME/chatsync}, else {@code ~/.cache/chatsync}. It
     * holds only what can be made again (SQLite's native library, unpacked once instead of at every
     * command), so deleting it is always safe.
     */
    static Path cacheFolder(UnaryOperator<String> environment) {
        String xdg = environment.apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("chatsync");
    }

    /** One line on stderr that does not stop the command. */
    void warn(String message) {
        err.println("chatsync: warning: " + message);
        err.flush();
    }

    public static void main(String[] args) {
        // The engine's log (--verbose) and stack traces go to System.err itself: escaped there too.
        System.setErr(TerminalSafeWriter.printStream(System.err));
        PrintWriter err = new PrintWriter(System.err, true);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C or a kill ends the JVM mid-command without an exception to report; say what that
        // means rather than exit in silence. Every step commits or rolls back on its own, so the
        // promise holds at any point.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                err.println("chatsync: interrupted; nothing is lost: what was done is kept, and running the "
                        + "command again finishes the rest");
                err.flush();
            }
        }, "chatsync-interrupted"));
        NativeLibraryCache.use(cacheFolder(System::getenv).resolve("native"));
        int status;
        try {
            status = run(args, new PrintWriter(System.out, true), err);
        } catch (Throwable t) { // an Error picocli does not handle: not an interruption, and not to be called one
            finished.set(true);
            err.println("chatsync: failed: " + t + (t instanceof OutOfMemoryError ? "; give Java more memory "
                    + "(java -Xmx2g -jar chatsync.jar ...)" : "") + "; what had been committed before is kept");
            if (Arrays.asList(args).contains("--verbose")) {
                t.printStackTrace(err);
            }
            err.flush();
            status = FAILED;
        }
        finished.set(true);
        System.exit(status);
    }

    /** Runs one command line with the given streams; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System::getenv, Terminal.system());
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)} with another environment and terminal. */
    static int run(String[] args, PrintWriter out, PrintWriter err, UnaryOperator<String> environment,
                   Terminal terminal) {
        ChatsyncCli cli = new ChatsyncCli(environment, terminal);
        CommandLine line = new CommandLine(cli);
        // Remote and user data reach these streams (file names, key ids, messages): never as
        // control sequences for the terminal.
        line.setOut(new PrintWriter(new TerminalSafeWriter(out), true));
        line.setErr(new PrintWriter(new TerminalSafeWriter(err), true));
        cli.err = line.getErr();
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("chatsync: " + Errors.describe(e));
            if (cli.verbose) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return FAILED;
        });
        // picocli's default prints the whole usage (some 17 lines) that buries the one line that
        // matters; the command's --help is one step away.
        line.setParameterExceptionHandler((e, ignored) -> {
            CommandLine cmd = e.getCommandLine();
            String message = Reports.oneLine(e.getMessage()).replaceFirst("^Error: ", "");
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
            cmd.getErr().println("chatsync: " + message + "; see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help'");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        configureLogging(args);
        return line.execute(args);
    }

    /** Quiet by default: the report says what matters. {@code --verbose} shows the engine's log. */
    private static void configureLogging(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /** The version this build was made as, from a resource the build writes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chatsync " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = ChatsyncCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from this build");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        }
    }
}
