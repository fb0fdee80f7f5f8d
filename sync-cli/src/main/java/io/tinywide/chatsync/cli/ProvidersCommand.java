package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.out.StorageProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code providers}: one line per provider found on the class path. */
@Command(name = "providers", description = "List the storage providers in this build: id, name, capabilities.")
final class ProvidersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (StorageProvider p : Device.registry().providers()) {
            spec.commandLine().getOut().printf("%-10s %-28s %s (schemes: %s)%n", p.id(), p.displayName(),
                    p.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                    String.join(",", p.uriSchemes()));
        }
        return 0;
    }
}
