package dev.engram.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "callosum", description = "The Callosum event bus: serve it, listen to it, send to it.",
        subcommands = {CallosumServeCommand.class, CallosumListenCommand.class, CallosumSendCommand.class})
final class CallosumCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
