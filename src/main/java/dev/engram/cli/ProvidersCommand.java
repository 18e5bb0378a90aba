package dev.engram.cli;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "providers", description = "List the LLM providers Engram would use (config/journal.json"
        + " \"providers\", or the OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OLLAMA_HOST variables): names,"
        + " base URLs, models per tier and where each key comes from (never the key). Calls nothing.")
final class ProvidersCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Journal journal = journalOption.open();
        ProviderService providers = new ProviderService(journal, new OutboundHttp(journal), System.getenv(),
                Clock.systemDefaultZone());
        providers.describe().forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
