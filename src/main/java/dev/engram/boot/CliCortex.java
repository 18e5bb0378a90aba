package dev.engram.boot;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Journal;
import java.time.Clock;

/**
 * Cortex for one command-line run ({@code engram ask}): the agent runs of this process over the journal, with the same
 * cortex services {@code engram start} registers (the providers and the journal tools once they are built) and no
 * bus. The stale-run cleanup of the {@code agents} service is not run here: an Engram running beside this command
 * owns its active runs.
 */
public final class CliCortex {
    private CliCortex() {
    }

    public static Agents agents(Journal journal) {
        ServiceRegistry registry = new ServiceRegistry();
        AppContext context = AppContext.of(journal, Emitter.none(), registry);
        Runs runs = new Runs(context, 1, Clock.systemDefaultZone());
        registry.register(Agents.class, runs);
        return runs;
    }
}
