package dev.engram.cortex.runs;

import dev.engram.app.AppContext;
import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolScope;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.cortex.api.Tools;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run does, on its own thread, after it was claimed: thread history ({@code continue_from}, with the
 * reference's {@code continue} event appended to the source), the model from {@link Providers} for the run's tier
 * (none: an {@code error} saying what to configure), {@code start}, the persona's tools from {@link Tools}, the model
 * loop ({@link Run}), then {@code save} and {@code finish}, and a {@code handoff} run when configured.
 */
final class Execution {
    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_MAX_TURNS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final Map<String, String> PACK_ALIASES = Map.of("default", "journal", "entities", "entity",
            "todos", "todo");
    private final AppContext context;
    private final Journal journal;
    private final Personas personas;
    private final Clock clock;
    private final Runs runs;
    /**
     * Each tool's LangChain4j specification, converted from its JSON Schema once rather than at every run (a spec is
     * a value: a changed one is converted again); at most {@link #MAX_SCHEMAS}.
     */
    private final Map<ToolSpec, ToolSpecification> schemas = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SCHEMAS = 512;

    Execution(AppContext context, Personas personas, Clock clock, Runs runs) {
        this.context = context;
        this.journal = context.journal();
        this.personas = personas;
        this.clock = clock;
        this.runs = runs;
        this.owner = new OwnerContext(journal);
    }

    /** The owner's identity and facets for the instructions, read again only when their files changed. */
    private final OwnerContext owner;

    void execute(String id, AgentRequest request, Runs.Active active) {
        RunLog log = active.log;
        // completed when the run ends (or is cancelled, or times out): aborts the provider's open stream
        CompletableFuture<Void> stop = new CompletableFuture<>();
        try {
            Persona persona = personas.find(request.persona()).orElseThrow(() -> new AgentException(
                    "unknown_persona", "the persona '" + request.persona() + "' is gone"));
            // prepared while the run's file is being claimed (see Runs#claim); nothing is written before the claim
            List<ChatMessage> history = request.continueFrom().isPresent()
                    ? Threads.history(request.continueFrom().get(), runs::events) : List.of();
            String tier = request.tier().orElse(persona.text("tier", "default"));
            Optional<Providers> providers = context.findService(Providers.class);
            ModelUse use = new ModelUse(tier, "agent", "agent." + persona.name() + "." + id);
            // the request's endpoint, else the persona's own (config keys provider, model), else routed by tier
            Optional<String> endpoint = request.provider().or(() -> persona.provider());
            Optional<String> modelAsked = request.provider().isPresent() ? request.model() : persona.providerModel();
            Optional<StreamingChatModel> model = providers.flatMap(p -> endpoint.isPresent()
                    ? p.streaming(use, endpoint.get(), modelAsked, stop) : p.streaming(use, stop));
            if (model.isEmpty() && endpoint.isPresent()) {
                log.write("error", Map.of("error", "no configured LLM provider is named '" + endpoint.get() + "': "
                        + providers.map(Providers::howToConfigure).orElse("configure one in config/journal.json"
                        + " (see docs/cortex.md)"), "reason_code", "unknown_provider"));
                return;
            }
            if (model.isEmpty()) {
                log.write("error", Map.of("error", "no LLM provider is configured for the '" + tier + "' tier: "
                        + providers.map(Providers::howToConfigure).orElse("configure one in config/journal.json"
                        + " (see docs/cortex.md)"), "reason_code", "no_provider"));
                return;
            }
            StreamingChatModel m = model.get();
            String modelName = modelName(m);
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("prompt", request.prompt());
            start.put("persona", persona.name());
            start.put("model", modelName);
            start.put("backend", backend(m));
            start.put("tier", tier);
            Optional<Tools> tools = context.findService(Tools.class);
            List<String> packs = request.config().containsKey("tools")
                    ? Persona.toolList(request.config().get("tools")) : persona.tools();
            List<ToolSpecification> specs = tools.map(t -> specs(t.specs(), packs)).orElse(List.of());
            ToolScope scope = "read".equals(String.valueOf(request.config().get("scope"))) ? ToolScope.READ
                    : ToolScope.WRITE;
            // the run's facet is context for the instructions (spec §6), not a restriction: transcripts and insights
            // belong to no facet, so restricting to it would hide everything said from a facet's chat or persona
            ToolCaller caller = new ToolCaller("agent:" + persona.name() + ":" + id, scope, Set.of());
            List<ChatMessage> messages = new ArrayList<>();
            messages.add(SystemMessage.from(Instructions.build(persona, journal, owner.now(), request.facet(),
                    ZonedDateTime.now(clock))));
            messages.addAll(history);
            messages.add(UserMessage.from(request.prompt()));
            int timeout = request.timeoutSeconds().orElse(persona.number("timeout_seconds")
                    .orElse(DEFAULT_TIMEOUT_SECONDS));
            int turns = request.maxTurns().orElse(persona.number("max_turns").orElse(DEFAULT_MAX_TURNS));
            if (!log.claimed()) {
                return; // another runner holds this id: Runs tries a fresh one
            }
            if (request.continueFrom().isPresent()) {
                String from = request.continueFrom().get();
                journal.agents().appendCompleted(from, RunLog.toJournal(new RunEvent("continue", clock.millis(), from,
                        Map.of("to", id))));
            }
            if (active.cancelled) {
                log.write("start", start);
                log.write("error", Map.of("error", "cancelled"));
                return;
            }
            // the start event (appended with fsync, broadcast, sent to the listeners) is written on its own thread
            // while the first request goes out; the run logs nothing else before it
            CompletableFuture<Void> started = new CompletableFuture<>();
            Run run = new Run(log, m, modelName, specs, tools.orElse(null), caller, timeout, turns, stop, started);
            Thread.ofVirtual().name("agent-" + id + "-start").start(() -> {
                try {
                    log.write("start", start);
                } finally {
                    started.complete(null);
                }
            });
            active.run = run;
            if (active.cancelled) {
                run.cancel();
            }
            Optional<String> result = run.loop(messages);
            if (result.isEmpty()) {
                return;
            }
            Optional<String> save = request.save().or(() -> Optional.ofNullable(persona.config().get("save"))
                    .map(String::valueOf));
            save.ifPresent(file -> save(log, saveDay(request), file, result.get()));
            Map<String, Object> finish = new LinkedHashMap<>();
            finish.put("result", result.get());
            finish.put("usage", run.usage());
            Object handoff = request.config().getOrDefault("handoff", persona.config().get("handoff"));
            if (handoff instanceof Map<?, ?> h) {
                finish.put("handoff", h);
            }
            log.write("finish", finish);
            if (handoff instanceof Map<?, ?> h) {
                active.handoff = handoff(id, request, tier, endpoint, modelAsked, h, result.get());
            }
        } catch (AgentException | JournalException e) {
            log.write("error", Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("agent run {} failed", id, e);
            log.write("error", Map.of("error", "the run failed: " + Run.describe(e), "trace", e.toString()));
        } finally {
            stop.complete(null);
        }
    }

    /** The reference writes {@code save} under {@code <journal>/<day or today>/}: the request's {@code day} key. */
    private Day saveDay(AgentRequest request) {
        return Day.tryParse(String.valueOf(request.config().get("day"))).orElseGet(() -> new Day(LocalDate.now(clock)));
    }

    private void save(RunLog log, Day day, String file, String result) {
        try {
            journal.days().writeDayFile(day, file, result);
        } catch (JournalException e) {
            log.write("info", Map.of("message", "could not save the result to " + file + ": " + e.getMessage()));
        }
    }

    /**
     * The handoff run's request; {@link Runs} starts it once this run has ended, on this run's slot. It runs on the
     * parent's provider endpoint and model (when the parent named one) unless the handoff or the child's persona
     * says otherwise: a {@code provider} or {@code tier} of its own.
     */
    private AgentRequest handoff(String id, AgentRequest parent, String tier, Optional<String> endpoint,
                                 Optional<String> model, Map<?, ?> h, String result) {
        Object prompt = h.get("prompt");
        Object persona = h.get("persona");
        Object childTier = h.get("tier");
        AgentRequest child = AgentRequest.of(prompt instanceof String s && !s.isBlank() ? s : result,
                persona instanceof String p && !p.isBlank() ? p : "default")
                .withTier(childTier instanceof String t ? t : tier).withConfig("handoff_from", id);
        for (Map.Entry<?, ?> e : h.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!Set.of("prompt", "persona", "tier", "backend").contains(k)) {
                child = child.withConfig(k, e.getValue());
            }
        }
        if (parent.facet().isPresent() && child.facet().isEmpty()) {
            child = child.withFacet(parent.facet().get());
        }
        String childPersona = child.persona();
        boolean own = h.containsKey("provider") || h.containsKey("tier") || personas.find(childPersona)
                .map(p -> p.config().containsKey("provider") || p.config().containsKey("tier")).orElse(false);
        if (endpoint.isPresent() && !own) {
            child = child.withProvider(endpoint.get(), h.get("model") instanceof String m && !m.isBlank() ? m
                    : model.orElse(null));
        }
        return child;
    }

    private List<ToolSpecification> specs(List<ToolSpec> all, List<String> packs) {
        List<String> wanted = packs.stream().map(Execution::pack).toList();
        if (schemas.size() > MAX_SCHEMAS) {
            schemas.clear(); // the tools' specs changed many times: start over rather than grow
        }
        return all.stream().filter(s -> wanted.contains("apps") || wanted.contains(pack(s.pack()))
                || wanted.contains(s.name())).map(s -> schemas.computeIfAbsent(s, ToolSchemas::specification))
                .toList();
    }

    private static String pack(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return PACK_ALIASES.getOrDefault(n, n);
    }

    static String modelName(StreamingChatModel m) {
        try {
            String n = m.defaultRequestParameters() == null ? null : m.defaultRequestParameters().modelName();
            return n == null ? "" : n;
        } catch (RuntimeException e) {
            return "";
        }
    }

    static String backend(StreamingChatModel m) {
        ModelProvider p;
        try {
            p = m.provider();
        } catch (RuntimeException e) {
            return "other";
        }
        if (p == null) {
            return "other";
        }
        return switch (p) {
            case OPEN_AI -> "openai";
            case GOOGLE_AI_GEMINI -> "google";
            case ANTHROPIC -> "anthropic";
            case OLLAMA -> "ollama";
            default -> p.name().toLowerCase(Locale.ROOT);
        };
    }
}
