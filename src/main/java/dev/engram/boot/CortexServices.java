package dev.engram.boot;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.Map;

/**
 * The cortex services a process registers, built in one place for {@code engram start} ({@link Engram}) and the
 * command line ({@link CliCortex}): the one outbound door (health/providers.jsonl), the LLM providers behind it
 * (configured from config/journal.json or {@code env}), and the journal tools the agents call.
 */
record CortexServices(OutboundHttp outbound, ProviderService providers, JournalTools tools) {
    static CortexServices build(Journal journal, JournalTools tools, Map<String, String> env, Clock clock) {
        OutboundHttp outbound = new OutboundHttp(journal);
        return new CortexServices(outbound, new ProviderService(journal, outbound, env, clock), tools);
    }
}
