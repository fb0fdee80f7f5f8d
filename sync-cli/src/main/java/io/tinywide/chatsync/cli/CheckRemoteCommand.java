package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.tck.fault.ForwardingStorage;
import io.tinywide.chatsync.tck.rules.CapabilityProbe;
import io.tinywide.chatsync.tck.rules.RuleResult;
import io.tinywide.chatsync.tck.rules.Scratch;
import io.tinywide.chatsync.tck.rules.StorageRule;
import io.tinywide.chatsync.tck.rules.StorageRules;
import io.tinywide.chatsync.tck.rules.StorageSubject;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code check-remote}: runs the storage rules of {@code sync-tck/SPEC.md} on the user's own remote and
 * measures the capabilities it really has, beside those it declares (after Kopia's provider
 * validation). Everything happens in a scratch folder {@code <root>/.chatsync-check-<random>/}, removed
 * after, on failure and on Ctrl-C too; no other file is read or written. Exit status 1 if a rule fails
 * or a declared capability is missing.
 */
@Command(name = "check-remote", description = "Run the storage contract in a scratch folder of the remote (removed "
        + "after); say which rules hold and which capabilities the remote really has.")
final class CheckRemoteCommand extends DeviceCommand {
    /** The large file of R7.3: a vault's size, not the kit's 24 MiB, to stay quick on a home connection. */
    private static final int LARGE_OBJECT_BYTES = 8 << 20;
    /** Fewer contention rounds than the kit's: a cloud's round trips widen every race window anyway. */
    private static final int RACE_ROUNDS = 10;
    /** Where secrets of the usual providers are found; their values must never show. */
    private static final List<String> SECRET_VARIABLES = List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "CHATSYNC_PASSPHRASE");
    private static final List<String> SECRET_PROPERTIES = List.of("aws.secretAccessKey", "aws.sessionToken");

    @Override
    public Integer call() throws Exception {
        if (cli.remote == null || cli.remote.isBlank()) {
            throw new UserError("no remote given: pass --remote URI, the remote to check, for example --remote "
                    + "file:/mnt/nas/chats or --remote s3://bucket/prefix?region=eu-west-1");
        }
        URI uri = Device.remoteUri(cli.remote);
        StorageProvider provider = Device.registry().forUri(uri);
        String scratch = cli.root.replaceAll("/+$", "") + "/.chatsync-check-" + UUID.randomUUID().toString()
                .substring(0, 8);
        Check check = new Check(provider, uri, scratch);
        Thread onInterrupt = new Thread(check::stopAndCleanUp, "chatsync-check-remote-cleanup");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return check.run(out());
        } finally {
            check.cleanUp(out());
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it cleans up too
            }
        }
    }

    /** One check of one remote: the rules, the capabilities, and the scratch folder. */
    private final class Check implements StorageSubject {
        private final StorageProvider provider;
        private final URI uri;
        private final String scratch;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean cleaned = new AtomicBoolean();
        private final Set<String> secrets = configuredSecrets();

        Check(StorageProvider provider, URI uri, String scratch) {
            this.provider = provider;
            this.uri = uri;
            this.scratch = scratch;
        }

        int run(PrintWriter out) throws Exception {
            String where;
            try (CloudStorage s = provider.open(config(scratch))) {
                where = s.describe();
            }
            out.printf("checking %s, a scratch folder that is removed after; nothing outside it is read or "
                    + "changed%n", where);
            out.flush();
            List<RuleResult> results = StorageRules.checkAll(this, r -> {
                out.printf("  %-8s %-6s %s%n", outcome(r), r.rule().id(), line(r));
                out.flush();
            });
            out.println("capabilities: declared, measured");
            List<CapabilityProbe.Measured> measured = CapabilityProbe.measure(this);
            for (CapabilityProbe.Measured m : measured) {
                out.printf("  %-25s %-4s %s%n", m.capability(), m.declared() ? "yes" : "no",
                        m.measured().map(yes -> (yes ? "yes: " : "no: ") + m.evidence())
                                .orElse("unknown: " + m.evidence()));
            }
            List<String> failed = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.FAILS)
                    .map(r -> r.rule().id()).toList();
            List<Capability> overclaimed = measured.stream().filter(CapabilityProbe.Measured::overclaimed)
                    .map(CapabilityProbe.Measured::capability).toList();
            long held = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.HOLDS).count();
            long skipped = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.SKIPPED).count();
            out.printf("%d rules hold, %d fail, %d skipped, on %s%n", held, failed.size(), skipped, where);
            out.flush();
            if (failed.isEmpty() && overclaimed.isEmpty()) {
                return 0;
            }
            err().printf("chatsync: %s %s%s; the lines above say what was seen. Syncing through it can lose or "
                    + "repeat work: %s%n", where,
                    failed.isEmpty() ? "" : "breaks " + failed.size() + " storage rule(s) (" + String.join(", ", failed)
                            + ")", overclaimed.isEmpty() ? "" : (failed.isEmpty() ? "" : " and ") + "declares "
                            + overclaimed.stream().map(Enum::name).collect(Collectors.joining(", "))
                            + " but does not have it", advice(overclaimed));
            err().flush();
            return ChatsyncCli.FAILED;
        }

        private String advice(List<Capability> overclaimed) {
            if (overclaimed.contains(Capability.ATOMIC_CONDITIONAL_WRITE) && provider.id().equals("s3")) {
                return "add conditionalWrites=non-atomic to the remote (see provider-s3's README), or use a service "
                        + "whose conditional writes are atomic";
            }
            return "configure the remote so that it declares only what it has (see its provider's documentation), "
                    + "or report the failing rules to the provider's authors";
        }

        private ProviderConfig config(String root) {
            return ProviderConfig.fromUri(uri, root);
        }

        @Override
        public CloudStorage open(String root) {
            if (stopped.get()) {
                throw new IllegalStateException("check-remote was interrupted");
            }
            return new Guarded(provider.open(config(scratch + "/" + root)), stopped);
        }

        @Override
        public Optional<StorageProvider> provider() {
            return Optional.of(provider);
        }

        @Override
        public Set<String> secrets() {
            return secrets;
        }

        @Override
        public int largeObjectBytes() {
            return LARGE_OBJECT_BYTES;
        }

        @Override
        public int raceRounds() {
            return RACE_ROUNDS;
        }

        @Override
        public Optional<String> notApplicable(StorageRule rule) {
            return switch (rule.id()) {
                case "R1.2" -> Optional.of("the provider's registrations are checked in its own build (sync-tck), "
                        + "on its jar; this one runs from chatsync.jar");
                case "R2.3", "R3.7" -> Optional.of("it needs a storage of this provider that cannot be reached; the "
                        + "provider's own kit run covers it");
                case "R9.2" -> Optional.of("it needs credentials the remote refuses; the provider's own kit run covers "
                        + "it");
                case "R1.4" -> secrets.isEmpty() ? Optional.of("no secret of this remote's is known here (such as "
                        + "AWS_SECRET_ACCESS_KEY), so none can be looked for") : Optional.empty();
                default -> Optional.empty();
            };
        }

        /** Ctrl-C: stop the rules' storages, then remove the scratch folder. */
        void stopAndCleanUp() {
            stopped.set(true);
            PrintWriter err = err();
            cleanUp(err);
        }

        /** Removes the scratch folder once, whoever asks first; says what could not be removed. */
        void cleanUp(PrintWriter out) {
            if (!cleaned.compareAndSet(false, true)) {
                return;
            }
            try (CloudStorage s = provider.open(config(scratch))) {
                List<String> left = Scratch.removeEverything(s);
                if (left.isEmpty()) {
                    out.printf("the scratch folder %s is removed%n", s.describe());
                } else {
                    out.printf("the scratch folder %s could not be removed whole; left: %s; delete it by hand%n",
                            s.describe(), left);
                }
            } catch (Exception | LinkageError e) {
                out.printf("the scratch folder %s under the remote's root could not be removed (%s); delete it by "
                        + "hand%n", scratch, Errors.describe(e));
            }
            out.flush();
        }
    }

    private static Set<String> configuredSecrets() {
        Set<String> found = new LinkedHashSet<>();
        Stream.concat(SECRET_VARIABLES.stream().map(System::getenv),
                        SECRET_PROPERTIES.stream().map(System::getProperty))
                .filter(v -> v != null && v.length() >= 8).forEach(found::add);
        return found;
    }

    private static String outcome(RuleResult r) {
        return switch (r.outcome()) {
            case HOLDS -> "holds";
            case FAILS -> "FAILS";
            case SKIPPED -> "skipped";
        };
    }

    /** The rule in words, and for a failure or a skip, what was seen or why (without the id, shown already). */
    private static String line(RuleResult r) {
        String detail = r.detail().replaceFirst("^\\S+ (\\S+ fails|skipped): ", "");
        return r.rule().title() + (r.outcome() == RuleResult.Outcome.HOLDS ? "" : ": " + Reports.oneLine(detail));
    }

    /** A storage that refuses every call once the check is stopped, so that cleaning up is not raced. */
    private static final class Guarded extends ForwardingStorage {
        private final AtomicBoolean stopped;

        Guarded(CloudStorage delegate, AtomicBoolean stopped) {
            super(delegate);
            this.stopped = stopped;
        }

        @Override
        protected void beforeEachCall() {
            if (stopped.get()) {
                throw new IllegalStateException("check-remote was interrupted");
            }
        }
    }
}
