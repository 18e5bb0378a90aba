package dev.engram.apps.agents;

import dev.engram.convey.ApiError;
import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.RunEvent;
import dev.engram.convey.EventStream;
import dev.engram.app.AppContext;
import dev.engram.cortex.api.ProviderInfo;
import dev.engram.cortex.api.Providers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the chat and agents apps share: finding the {@link Agents} service, runs as JSON, starting a run from a JSON
 * body, and following a run over server-sent events.
 */
public final class RunViews {
    private RunViews() {
    }

    /** The agents service, or 503 {@code agents_unavailable}. */
    public static Agents agents(AppContext context) {
        return context.findService(Agents.class).orElseThrow(() -> new ApiError(503, "agents_unavailable",
                "agent runs are not available in this Engram"));
    }

    public static Map<String, Object> summary(AgentRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("persona", r.persona());
        m.put("prompt", r.prompt());
        m.put("model", r.model());
        m.put("state", r.state().label());
        m.put("started", r.startedMs());
        m.put("ended", r.endedMs().isPresent() ? r.endedMs().getAsLong() : null);
        m.put("duration_ms", r.endedMs().isPresent() ? r.endedMs().getAsLong() - r.startedMs() : null);
        m.put("input_tokens", r.inputTokens());
        m.put("output_tokens", r.outputTokens());
        m.put("result", r.result().orElse(null));
        m.put("error", r.error().orElse(null));
        m.put("continue_from", r.continueFrom().orElse(null));
        return m;
    }

    /** A request from {@code {prompt, persona?, tier?, facet?, continue_from?}}; 400 with the field when bad. */
    public static AgentRequest request(ObjectNode body) {
        String prompt = text(body, "prompt");
        if (prompt == null || prompt.isBlank()) {
            throw ApiError.badRequest("invalid_field", "'prompt' is required: say what the agent should do");
        }
        if (prompt.length() > 20_000) {
            throw ApiError.badRequest("invalid_field", "'prompt' is too long (at most 20000 characters)");
        }
        String persona = text(body, "persona");
        AgentRequest r = AgentRequest.of(prompt, persona == null || persona.isBlank() ? "default" : persona);
        String tier = text(body, "tier");
        if (tier != null && !tier.isBlank()) {
            if (!List.of("fast", "default", "strong").contains(tier)) {
                throw ApiError.badRequest("invalid_field", "'tier' must be fast, default or strong");
            }
            r = r.withTier(tier);
        }
        String facet = text(body, "facet");
        if (facet != null && !facet.isBlank()) {
            r = r.withFacet(dev.engram.convey.Params.facet(facet));
        }
        String from = text(body, "continue_from");
        if (from != null && !from.isBlank()) {
            r = r.withContinueFrom(from);
        }
        return r;
    }

    /**
     * The configured provider endpoints for a picker ({@code [{name, type, model}]}, never a key or URL) and the line
     * saying how to configure one, as the chat and agents apps answer them.
     */
    public static Map<String, Object> providers(AppContext context) {
        Optional<Providers> providers = context.findService(Providers.class);
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (ProviderInfo p : providers.map(Providers::endpoints).orElse(List.of())) {
            endpoints.add(Map.of("name", p.name(), "type", p.type(), "model", p.model()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("providers", endpoints);
        out.put("how_to_configure", providers.map(Providers::howToConfigure).orElse(NO_PROVIDERS));
        return out;
    }

    /**
     * The request on the named provider endpoint with {@code model} (null or blank: the endpoint's model), written in
     * its request line; 400 {@code unknown_provider} naming the configured endpoints (or saying how to configure one),
     * 400 {@code invalid_field} for a malformed model name.
     */
    public static AgentRequest onProvider(AppContext context, AgentRequest request, String name, String model) {
        Optional<Providers> providers = context.findService(Providers.class);
        List<ProviderInfo> all = providers.map(Providers::endpoints).orElse(List.of());
        ProviderInfo endpoint = all.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                ApiError.badRequest("unknown_provider", "no configured LLM provider is named "
                        + dev.engram.convey.Params.shown(name) + (all.isEmpty()
                        ? ": " + providers.map(Providers::howToConfigure).orElse(NO_PROVIDERS)
                        : "; configured: " + String.join(", ", all.stream().map(ProviderInfo::name).toList()))));
        if (model != null && !model.isBlank() && !ProviderInfo.isModelName(model)) {
            throw ApiError.badRequest("invalid_field", "'model' must be a model name (letters, digits and . _ : / -,"
                    + " at most 200 characters)");
        }
        return request.withProvider(endpoint.name(), model == null || model.isBlank() ? endpoint.model() : model);
    }

    private static final String NO_PROVIDERS = "No LLM provider service is running: configure \"providers\" in"
            + " config/journal.json (see docs/cortex.md, Providers).";

    /** Starts a run; an {@link AgentException} becomes 400 (409 {@code still_running}, 429 {@code too_many_runs}). */
    public static String start(Agents agents, AgentRequest request) {
        try {
            return agents.start(request);
        } catch (AgentException e) {
            int status = switch (e.reasonCode()) {
                case "too_many_runs" -> 429;
                case "still_running" -> 409;
                default -> 400;
            };
            throw new ApiError(status, e.reasonCode(), e.getMessage());
        }
    }

    /**
     * Streams a run's events (what was written, then each new one, with {@code token} events) as SSE events named
     * after the event, data the event's JSON; closes after {@code finish} or {@code error}.
     */
    public static void follow(Agents agents, String id, EventStream stream) {
        if (agents.find(id).isEmpty()) {
            throw ApiError.notFound("unknown_run", "no agent run " + id);
        }
        Agents.Subscription[] sub = new Agents.Subscription[1];
        sub[0] = agents.subscribe(id, e -> {
            if (!stream.sendJson(e.event(), e.toMap()) || e.ends()) {
                stream.close();
            }
        });
        stream.onClose(() -> sub[0].close());
        if (agents.find(id).map(r -> r.state() != AgentRun.RunState.RUNNING).orElse(true)) {
            stream.close();
        }
    }

    /** A string field, null when absent, null or blank; 400 {@code invalid_field} when not a string. */
    static String nonBlank(ObjectNode body, String name) {
        String s = text(body, name);
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be a string");
        }
        return n.stringValue();
    }

    static List<Map<String, Object>> events(List<RunEvent> events) {
        return events.stream().map(RunEvent::toMap).toList();
    }
}
