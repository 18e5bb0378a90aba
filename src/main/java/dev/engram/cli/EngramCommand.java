package dev.engram.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code engram} command; every feature is a subcommand. */
@Command(name = "engram", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT, // every subcommand also takes -h/--help (and -V/--version)
        description = "Engram: a local-first personal memory agent. Your journal, on your machine, in plain files.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InitCommand.class,
            DemoCommand.class,
            StatusCommand.class,
            PasswordCommand.class,
            StartCommand.class,
            CallosumCommand.class,
            BenchCommand.class,
            IndexCommand.class,
            SearchCommand.class,
            SenseCommand.class,
            ObserveCommand.class,
            ImportCommand.class,
            AskCommand.class,
            AgentsCommand.class,
            ObserverCommand.class,
            FacetCommand.class,
            ProvidersCommand.class,
            ThinkCommand.class,
            McpCommand.class,
        })
final class EngramCommand implements Runnable {
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
