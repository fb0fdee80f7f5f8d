package io.tinywide.chatsync.cli;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Authorization;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A provider with a consent flow, for the {@code auth} command's tests: it shows a URL, asks for the
 * code, refuses "wrong", and stores what it got in the file named by the remote's {@code file} option.
 * Registered for the tests' class path only.
 */
public final class ConsentTestProvider implements StorageProvider {
    @Override
    public String id() {
        return "consent-test";
    }

    @Override
    public String displayName() {
        return "a provider with a consent flow (tests only)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public Optional<Authorization> authorization() {
        return Optional.of((config, dialog) -> {
            dialog.say("open https://consent.example/authorize?client=chatsync and allow access");
            String code = dialog.ask("code:");
            if (code.equals("wrong")) {
                throw new AuthenticationException("the consent page refused code 'wrong'; run the command again", null);
            }
            Path file = Path.of(config.option("file").orElseThrow());
            try {
                Files.writeString(file, code + " " + config.option("endpoint").orElse("default"));
            } catch (IOException e) {
                throw new StorageException("cannot store the credential in " + file, e);
            }
            return file;
        });
    }

    @Override
    public CloudStorage open(ProviderConfig config) {
        throw new StorageException("not a storage");
    }
}
