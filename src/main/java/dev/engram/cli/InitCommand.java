package dev.engram.cli;

import dev.engram.journal.Journal;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "init", description = "Create a journal (config/journal.json and the folder skeleton).")
final class InitCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--name", paramLabel = "NAME", description = "The owner's name.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var loc = journalOption.location();
        Journal j = Journal.create(loc.root(), name);
        spec.commandLine().getOut().println("Journal ready at " + j.root()
                + (j.config().identity().name().isEmpty() ? "" : " (owner: " + j.config().identity().name() + ")"));
        return 0;
    }
}
