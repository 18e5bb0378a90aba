package dev.engram.cli;

import dev.engram.boot.CliCortex;
import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.ProviderInfo;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ask", description = "Ask the journal a question: runs an agent (persona 'default', the journal chat)"
        + " and streams its answer. Tool calls are shown on stderr; the run is kept in agents/ (see 'engram agents').")
final class AskCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question (words are joined).")
    String[] question;

    @CommandLine.Option(names = "--persona", paramLabel = "P", defaultValue = "default",
            description = "The persona to run (default: default).")
    String persona;

    @CommandLine.Option(names = "--continue", paramLabel = "ID", description = "Continue the conversation of run ID.")
    String continueFrom;

    @CommandLine.Option(names = "--tier", paramLabel = "T", description = "Provider tier: fast, default or strong.")
    String tier;

    @CommandLine.Option(names = "--provider", paramLabel = "NAME", description = "Run on this configured provider"
            + " endpoint (see 'engram providers') instead of the tier's.")
    String provider;

    @CommandLine.Option(names = "--model", paramLabel = "M", description = "The model to ask on --provider"
            + " (default: the endpoint's model).")
    String model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Journal journal = journalOption.open();
        try (IndexSnapshot index = new IndexSnapshot(journal)) {
            CliCortex.Session cortex = CliCortex.session(journal, () -> Optional.of(index), 1);
            return ask(cortex.agents(), onProvider(AgentRequest.of(String.join(" ", question), persona)
                    .withTier(tier).withContinueFrom(continueFrom), cortex.providers()));
        }
    }

    /** The request on {@code --provider}/{@code --model}; a usage error (exit 2) naming the configured endpoints. */
    private AgentRequest onProvider(AgentRequest request, Providers providers) {
        if (provider == null) {
            if (model != null) {
                throw new UsageException("--model needs --provider NAME, the endpoint it runs on ("
                        + configured(providers) + ")");
            }
            return request;
        }
        List<ProviderInfo> all = providers.endpoints();
        ProviderInfo endpoint = all.stream().filter(e -> e.name().equals(provider)).findFirst().orElseThrow(() ->
                new UsageException("no configured LLM provider is named '" + provider + "' (" + configured(providers)
                        + ")"));
        if (model != null && !ProviderInfo.isModelName(model)) {
            throw new UsageException("--model '" + model + "' is not a model name (letters, digits and . _ : / -;"
                    + " " + endpoint.name() + "'s default: " + endpoint.model() + ")");
        }
        return request.withProvider(endpoint.name(), model == null ? endpoint.model() : model);
    }

    private static String configured(Providers providers) {
        List<ProviderInfo> all = providers.endpoints();
        if (all.isEmpty()) {
            return "none is configured: " + providers.howToConfigure();
        }
        return "configured: " + String.join(", ", all.stream().map(e -> e.name() + " [" + e.type()
                + (e.model().isBlank() ? "" : ", " + e.model()) + "]").toList());
    }

    private int ask(Agents agents, AgentRequest request) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
        String id;
        try {
            id = agents.start(request, events::add);
        } catch (AgentException e) {
            err.println("engram ask: " + e.getMessage());
            err.flush();
            return Failures.FAILURE;
        }
        boolean streamed = false;
        String current = id; // the run being followed: the asked one, then its handoff run, if any
        boolean handingOff = false;
        while (true) {
            RunEvent e = events.take();
            if (!e.agentId().equals(current)) {
                if (handingOff && e.event().equals("request")) {
                    current = e.agentId(); // the handoff run (Runs gives it this listener)
                    handingOff = false;
                    streamed = false;
                    err.println("(handed off to run " + current + ", persona " + e.text("persona") + ")");
                    err.flush();
                }
                continue;
            }
            switch (e.event()) {
                case "token" -> {
                    out.print(e.text("text"));
                    out.flush();
                    streamed = true;
                }
                case "tool_start" -> {
                    err.println("· " + e.text("tool") + " " + e.text("args"));
                    err.flush();
                }
                case "finish" -> {
                    if (!streamed) {
                        out.print(e.text("result"));
                    }
                    out.println();
                    out.flush();
                    if (e.fields().get("handoff") instanceof Map<?, ?>) {
                        handingOff = true; // its run starts once this one has ended
                        continue;
                    }
                    err.println("(run " + current + "; continue with --continue " + current + ")");
                    err.flush();
                    awaitCompleted(agents, current);
                    return 0;
                }
                case "error" -> {
                    if (streamed) {
                        out.println();
                        out.flush();
                    }
                    err.println("engram ask: " + e.text("error"));
                    err.flush();
                    awaitCompleted(agents, current);
                    return Failures.FAILURE;
                }
                default -> {
                }
            }
        }
    }

    /** The run's file is renamed just after its last event: wait for that (briefly) so the process leaves none open. */
    private static void awaitCompleted(Agents agents, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!agents.settled(id) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
