package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.cli.Errors.UserError;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code auth PROVIDER}: the one-time authorization of a cloud account (an OAuth consent), run by the
 * provider's {@link Authorization}. Later commands find the stored credential by themselves. A
 * {@code --remote} of that provider passes its options (an endpoint, a credential file) to the flow.
 */
@Command(name = "auth", description = "Authorize chatsync once with a cloud account (gdrive, dropbox); later "
        + "commands use the stored credential.")
final class AuthCommand extends DeviceCommand {
    @Parameters(paramLabel = "PROVIDER", description = "the provider to authorize, such as gdrive or dropbox")
    String providerId;

    @Override
    public Integer call() {
        StorageProvider provider = Device.registry().find(providerId).orElseThrow(() -> new UserError(
                "no provider '" + providerId + "' in this build; it has " + Device.registry().providers().stream()
                        .map(StorageProvider::id).sorted().collect(Collectors.joining(", "))));
        Authorization authorization = provider.authorization().orElseThrow(() -> new UserError(
                providerId + " needs no authorization here: it takes its credentials the provider's usual way (see "
                        + "its documentation)"));
        Path stored = authorization.authorize(config(provider), new ConsoleDialog());
        out().println("authorized " + providerId + "; the credential is in " + stored + ", readable by you only. "
                + "Commands with --remote " + provider.uriSchemes().iterator().next() + ": use it from now on");
        return 0;
    }

    /** The options of a {@code --remote} of this provider, or none. */
    private ProviderConfig config(StorageProvider provider) {
        if (cli.remote == null || cli.remote.isBlank()) {
            return new ProviderConfig("", cli.root, Map.of());
        }
        URI uri = Device.remoteUri(cli.remote);
        if (uri.getScheme() == null || !provider.uriSchemes().contains(uri.getScheme().toLowerCase(
                java.util.Locale.ROOT))) {
            throw new UserError("--remote '" + Device.withoutUserInfo(cli.remote) + "' is not a remote of "
                    + providerId + "; give one of its schemes " + provider.uriSchemes() + ", or no --remote");
        }
        return ProviderConfig.fromUri(uri, cli.root);
    }

    /** Lines to this command's output; answers from standard input. */
    private final class ConsoleDialog implements Authorization.Dialog {
        private BufferedReader in;

        @Override
        public void say(String line) {
            out().println(line);
        }

        @Override
        public String ask(String prompt) {
            out().print(prompt + " ");
            out().flush();
            try {
                if (in == null) {
                    in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                }
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("no answer: standard input ended before a line was typed");
                }
                return line.strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
