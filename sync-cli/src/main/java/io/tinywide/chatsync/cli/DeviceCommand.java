package io.tinywide.chatsync.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that works on one device: it sees the global options and prints to the command's streams. */
abstract class DeviceCommand implements Callable<Integer> {
    @ParentCommand
    ChatsyncCli cli;
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
