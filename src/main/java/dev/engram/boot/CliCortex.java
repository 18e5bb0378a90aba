package dev.engram.boot;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.runs.Runs;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cortex for one command-line run ({@code engram ask}): the agent runs of this process over the journal, with the same
 * cortex services {@code engram start} registers (the outbound door, the providers and the journal tools, built by
 * {@link CortexServices}) and no bus. The stale-run cleanup of the {@code agents} service is not run here: an Engram
 * running beside this command owns its active runs.
 */
public final class CliCortex {
    private CliCortex() {
    }

    /** Agents without a search index ({@code engram agents list|show}); a search tool call says so. */
    public static Agents agents(Journal journal) {
        return agents(journal, Optional::empty);
    }

    /** Agents whose {@code search_journal} asks {@code searcher} (the caller owns and closes it). */
    public static Agents agents(Journal journal, Supplier<Optional<Searcher>> searcher) {
        return agents(journal, searcher, 1);
    }

    /** As above, with up to {@code maxRunning} runs at once ({@code engram think}: a priority group's runs). */
    public static Agents agents(Journal journal, Supplier<Optional<Searcher>> searcher, int maxRunning) {
        return session(journal, searcher, maxRunning).agents();
    }

    /** The agent runs of one command-line run and the providers they use ({@code engram ask --provider}). */
    public record Session(Agents agents, Providers providers) {
    }

    /** As {@link #agents(Journal, Supplier, int)}, with the providers the runs use. */
    public static Session session(Journal journal, Supplier<Optional<Searcher>> searcher, int maxRunning) {
        Clock clock = Clock.systemDefaultZone();
        ServiceRegistry registry = new ServiceRegistry();
        AppContext context = AppContext.of(journal, Emitter.none(), registry);
        CortexServices cortex = CortexServices.build(journal, JournalTools.of(journal, searcher, clock),
                System.getenv(), clock);
        registry.register(Outbound.class, cortex.outbound());
        registry.register(Providers.class, cortex.providers());
        registry.register(Tools.class, cortex.tools());
        Runs runs = new Runs(context, maxRunning, clock);
        registry.register(Agents.class, runs);
        return new Session(runs, cortex.providers());
    }
}
