package dev.engram.cli;

import picocli.CommandLine.Command;

@Command(name = "observe", description = "Run an observer on this machine.",
        subcommands = {ObserveTmuxCommand.class})
final class ObserveCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name an observer, e.g. 'engram observe tmux'");
    }
}
