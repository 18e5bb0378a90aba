package dev.engram.cli;

import dev.engram.journal.Facet;
import dev.engram.journal.FacetExistsException;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code engram facet create|list}: the journal's facets without the web UI (a headless set-up needs one to import a
 * calendar into). Creation is the Settings app's: the same durable {@code FacetStore.create} and the same
 * {@code facet_create} action-log entry, with the actor {@code cli}.
 */
@Command(name = "facet", description = "The journal's facets (work, family, ...): create one, or list them. The"
        + " Settings app in the web UI does the same and more.",
        subcommands = {FacetCommand.Create.class, FacetCommand.ListFacets.class})
final class FacetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", description = "Create a facet (its folder facets/NAME/ and facet.json).")
    static final class Create implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Parameters(paramLabel = "NAME", description = "1-64 letters, digits, '-' or '_', e.g. work.")
        String name;

        @CommandLine.Option(names = "--title", description = "Its title, at most 100 characters (default: NAME). The"
                + " Settings app sets its emoji, colour and description.")
        String title;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String t = title == null || title.isBlank() ? name : title.strip();
            if (t.length() > 100 || t.chars().anyMatch(Character::isISOControl)) {
                throw new UsageException("--title must be at most 100 characters, without control characters");
            }
            Facet facet;
            try {
                facet = Facet.named(name).withTitle(t);
            } catch (InvalidNameException e) {
                throw new UsageException(e.getMessage());
            }
            Journal journal = journalOption.open();
            try {
                journal.facetStore(name).create(facet);
            } catch (FacetExistsException e) {
                throw new IllegalStateException(e.getMessage() + ": see 'engram facet list'");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("facet", name);
            params.put("title", facet.title());
            journal.actions().logByApp(ObserverCommand.ACTOR, "facet_create", params);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created facet '" + name + "' (" + facet.title() + ") in " + journal.root().resolve("facets")
                    .resolve(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the facets: name, title, and whether it is muted.")
    static final class ListFacets implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var facets = journalOption.open().facets();
            if (facets.isEmpty()) {
                out.println("no facets yet: create one with 'engram facet create NAME'");
            }
            for (Facet f : facets) {
                out.println(f.name() + "\t" + (f.emoji().isEmpty() ? "" : f.emoji() + " ") + f.title()
                        + (f.muted() ? "\t(muted)" : ""));
            }
            return 0;
        }
    }
}
