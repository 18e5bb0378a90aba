package dev.engram.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks; results and the commands that reproduce them are in"
        + " docs/benchmarks.md.", subcommands = {BenchCallosumCommand.class, BenchSenseCommand.class,
        BenchIngestCommand.class, BenchMcpCommand.class, BenchIndexCommand.class, BenchSearchCommand.class,
        BenchChatCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
