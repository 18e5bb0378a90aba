package dev.engram.cli;

import dev.engram.app.HealthFile;
import dev.engram.callosum.Emitter;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.ObserverChange;
import dev.engram.observe.ingest.IngestService;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "observer", description = "Observers that may deliver segments to this journal (remote ingest):"
        + " create one (its key is printed once), list them (key prefix only), disable, enable or revoke one. A"
        + " running Engram sees the change at the observer's next request. Every change is in the action log (actor"
        + " cli).",
        subcommands = {ObserverCommand.Create.class, ObserverCommand.ListObservers.class,
            ObserverCommand.Revoke.class, ObserverCommand.Disable.class, ObserverCommand.Enable.class})
final class ObserverCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The actor of the action-log entries of these commands. */
    static final String ACTOR = "cli";

    /** Logs a change as the Observers app does (same action names), with {@link #ACTOR} as the actor. */
    static void logged(JournalOption journal, String action, Observer o) {
        journal.open().actions().logByApp(ACTOR, action, java.util.Map.of("prefix", o.prefix(), "name", o.name()));
    }

    static IngestService service(JournalOption journal) {
        return new IngestService(journal.open(), Emitter.none());
    }

    @Command(name = "create", description = "Create an observer and print its key (shown only this once) and the"
            + " ingest URLs of both protocols.")
    static final class Create implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Parameters(paramLabel = "NAME", description = "A name, e.g. laptop.tmux.")
        String name;

        @CommandLine.Option(names = "--url", description = "This Engram's URL as the observer reaches it (default:"
                + " the URL of the Engram running on the journal, else " + DEFAULT_URL + ").")
        String url;

        static final String DEFAULT_URL = "http://127.0.0.1:5015";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String url = this.url != null ? this.url : runningUrl(journalOption.location().root()).orElse(DEFAULT_URL);
            ObserveTmuxCommand.httpUrl(url, "--url"); // checked before the observer is created
            NewObserver n;
            try {
                n = service(journalOption).createUnique(name);
            } catch (IngestException e) { // a bad name is a usage error; a name in use, a failure (exit 1)
                throw e.status() == 409 ? new IllegalStateException(e.detail()) : new UsageException(e.detail());
            }
            logged(journalOption, "observer_create", n.observer());
            PrintWriter out = spec.commandLine().getOut();
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            out.println("Created observer '" + n.observer().name() + "' (key prefix " + n.observer().prefix() + ").");
            out.println("Key (shown only now; keep it in the observer's configuration):");
            out.println("  " + n.key());
            out.println("SEED observers (solstone-tmux 0.1, --remote): " + base + "/app/remote/ingest/" + n.key());
            out.println("Later observers (solstone-tmux 0.2+, solstone-linux): server " + base + ", key as above");
            if (this.url == null) {
                out.println("(" + base + " is " + (url.equals(DEFAULT_URL) ? "the default address" : "where the Engram"
                        + " running on this journal serves") + "; an observer on another machine needs --url with the"
                        + " address it reaches this one at)");
            }
            return 0;
        }
    }

    /** A prefix that names no single observer: a failure (exit 1), the prefix shown with only safe characters. */
    static IllegalStateException unknown(String prefix) {
        return new IllegalStateException("no single observer has the key prefix '"
                + prefix.replaceAll("[^A-Za-z0-9_-]", "?") + "' (give 4 to 8 characters of it, or the whole key):"
                + " see 'engram observer list'");
    }

    /** The URL the Engram running on the journal serves (its web service's {@code url} in health/engram.json). */
    static java.util.Optional<String> runningUrl(java.nio.file.Path journalRoot) {
        return HealthFile.read(HealthFile.fileFor(journalRoot))
                .filter(s -> HealthFile.live(s, System.currentTimeMillis()))
                .map(s -> s.path("services").path("convey").path("facts").path("url").asString(""))
                .filter(u -> u.startsWith("http"));
    }

    @Command(name = "list", description = "List observers: key prefix, name, state, last seen, segments and bytes.")
    static final class ListObservers implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<Observer> all = service(journalOption).list();
            PrintWriter out = spec.commandLine().getOut();
            if (all.isEmpty()) {
                out.println("No observers. Create one with 'engram observer create NAME'.");
                return 0;
            }
            long now = System.currentTimeMillis();
            out.printf("%-10s %-24s %-12s %-20s %-22s %9s %12s%n", "PREFIX", "NAME", "STATE", "LAST SEEN",
                    "LAST SEGMENT", "SEGMENTS", "BYTES");
            for (Observer o : all) {
                String state = o.revoked() ? "revoked" : !o.enabled() ? "disabled" : o.freshness(now);
                String seen = o.lastSeen() > 0 ? Instant.ofEpochMilli(o.lastSeen()).toString().substring(0, 19)
                        : "never";
                out.printf("%-10s %-24s %-12s %-20s %-22s %9d %12d%n", o.prefix(), o.name(), state, seen,
                        o.lastSegment().isEmpty() ? "-" : o.lastSegment(), o.segmentsReceived(), o.bytesReceived());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an observer for good: its key is refused (403) from its next"
            + " request on.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Parameters(paramLabel = "PREFIX", description = "The key prefix 'engram observer list' shows"
                + " (at least 4 characters).")
        String prefix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ObserverChange c = service(journalOption).revoke(prefix).orElseThrow(() -> unknown(prefix));
            Observer o = c.observer();
            if (!c.changed()) {
                spec.commandLine().getOut().println("Observer '" + o.name() + "' (" + o.prefix() + ") was already"
                        + " revoked.");
                return 0;
            }
            logged(journalOption, "observer_revoke", o);
            spec.commandLine().getOut().println("Revoked observer '" + o.name() + "' (" + o.prefix() + ").");
            return 0;
        }
    }

    /** Switches an observer off or on: its key is refused (403) while it is disabled. */
    abstract static class Switch implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Parameters(paramLabel = "PREFIX", description = "The key prefix 'engram observer list' shows"
                + " (at least 4 characters).")
        String prefix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract boolean on();

        @Override
        public Integer call() {
            // a revoked observer's IngestException says why, in one line (exit 1)
            ObserverChange c = service(journalOption).setEnabled(prefix, on()).orElseThrow(() -> unknown(prefix));
            Observer o = c.observer();
            if (!c.changed()) {
                spec.commandLine().getOut().println("Observer '" + o.name() + "' (" + o.prefix() + ") was already "
                        + (on() ? "enabled." : "disabled."));
                return 0;
            }
            logged(journalOption, on() ? "observer_enable" : "observer_disable", o);
            spec.commandLine().getOut().println((on() ? "Enabled" : "Disabled") + " observer '" + o.name() + "' ("
                    + o.prefix() + ").");
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable an observer: its key is refused (403) until it is enabled.")
    static final class Disable extends Switch {
        @Override
        boolean on() {
            return false;
        }
    }

    @Command(name = "enable", description = "Enable a disabled observer again.")
    static final class Enable extends Switch {
        @Override
        boolean on() {
            return true;
        }
    }
}
