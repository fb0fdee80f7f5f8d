package io.tinywide.chatsync.tck.rules;

import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderRegistry;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import io.tinywide.chatsync.core.port.out.WriteCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.tinywide.chatsync.tck.rules.Expect.check;
import static io.tinywide.chatsync.tck.rules.Expect.utf8;

/** R1: provider metadata, registration, descriptions and secrets. */
final class MetadataRules {
    private MetadataRules() {
    }

    static void metadataIsWellFormed(RuleRun run) {
        StorageProvider p = run.provider();
        check(p.id() != null && p.id().matches("[a-z0-9-]+"), "id() is '%s'; it must be short, lower-case and "
                + "match [a-z0-9-]+", p.id());
        check(p.displayName() != null && !p.displayName().isBlank(), "displayName() of '%s' is blank", p.id());
        check(p.uriSchemes() != null && !p.uriSchemes().isEmpty(), "uriSchemes() of '%s' is empty", p.id());
        for (String scheme : p.uriSchemes()) {
            check(scheme.matches("[a-z][a-z0-9+.-]*"), "uriSchemes() of '%s' holds '%s'; a scheme is lower-case "
                    + "[a-z][a-z0-9+.-]*", p.id(), scheme);
        }
        check(p.capabilities() != null, "capabilities() of '%s' is null", p.id());
        check(p.authorization() != null, "authorization() of '%s' is null; return Optional.empty()", p.id());
    }

    static void providerIsRegisteredForTheClassPathAndTheModulePath(RuleRun run) throws Exception {
        StorageProvider p = run.provider();
        Optional<StorageProvider> found = ProviderRegistry.load(p.getClass().getClassLoader()).find(p.id());
        check(found.isPresent() && found.get().getClass() == p.getClass(), "on the class path, ServiceLoader finds %s "
                + "for id '%s', not %s; add META-INF/services/%s naming it", found.map(f -> f.getClass().getName())
                .orElse("nothing"), p.id(), p.getClass().getName(), StorageProvider.class.getName());
        Registration.requireBothRegistrations(p.getClass());
    }

    static void describeNamesTheStorageAndItsRoot(RuleRun run) throws Exception {
        String root = run.newRoot();
        CloudStorage a = run.open(root);
        CloudStorage b = run.open(root);
        CloudStorage x = run.open(root + "/x");
        CloudStorage x2 = run.open(root + "/x2");
        check(a.describe() != null && !a.describe().isBlank(), "describe() of a storage on '%s' is blank", root);
        check(a.describe().equals(b.describe()), "two storages on the root '%s' describe themselves as '%s' and '%s'; "
                + "the engine keys its sync state by describe(), so every opening would start afresh", root,
                a.describe(), b.describe());
        check(new java.util.HashSet<>(List.of(a.describe(), x.describe(), x2.describe())).size() == 3,
                "storages on the roots '%s', '%s/x' and '%s/x2' describe themselves as '%s', '%s' and '%s'; "
                + "storages on different roots must differ, or two remotes share one sync state", root, root, root,
                a.describe(), x.describe(), x2.describe());
    }

    static void noSecretInDescriptionsOrErrorMessages(RuleRun run) throws Exception {
        Set<String> secrets = run.subject.secrets();
        if (secrets.isEmpty()) {
            throw run.skip("no secret was given (override secrets() with the keys, tokens or passwords the "
                    + "storages are configured with)");
        }
        List<CloudStorage> storages = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        CloudStorage s = run.storage();
        storages.add(s);
        Revision r = s.write("2024/secret-check.json", utf8("one"), WriteCondition.ifAbsent());
        s.write("2024/secret-check.json", utf8("two"), WriteCondition.ifMatch(r));
        collect(failures, () -> s.write("2024/secret-check.json", utf8("x"), WriteCondition.ifAbsent()));
        collect(failures, () -> s.write("2024/secret-check.json", utf8("x"), WriteCondition.ifMatch(r)));
        collect(failures, () -> {
            s.delete("2024/secret-check.json", WriteCondition.ifMatch(r));
            return null;
        });
        collect(failures, () -> s.read("2024/secret-check.json", 1));
        collect(failures, () -> s.read("../secret-check.json"));
        for (Optional<CloudStorage> other : List.of(run.unreachable(), run.unauthorized())) {
            if (other.isPresent()) {
                CloudStorage o = other.get();
                storages.add(o);
                collect(failures, () -> o.read("2024/secret-check.json"));
                collect(failures, () -> o.list(""));
                collect(failures, () -> o.write("2024/secret-check.json", utf8("x"), WriteCondition.unconditional()));
                collect(failures, () -> {
                    o.delete("2024/secret-check.json", WriteCondition.unconditional());
                    return null;
                });
            }
        }
        int n = 0;
        for (String secret : secrets) {
            n++;
            for (CloudStorage storage : storages) {
                check(!storage.describe().contains(secret), "describe() of a storage contains secret #%d of secrets() "
                        + "(not repeated here); descriptions are printed and kept in sync state", n);
            }
            for (Throwable failure : failures) {
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    check(!String.valueOf(t.getMessage()).contains(secret) && !t.toString().contains(secret),
                            "the message of %s (from %s) contains secret #%d of secrets() (not repeated here); error "
                                    + "messages are printed and logged", t.getClass().getName(),
                            failure.getClass().getSimpleName(), n);
                }
            }
        }
    }

    private static void collect(List<Throwable> failures, Expect.Call call) {
        try {
            call.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }
}
