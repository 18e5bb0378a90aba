package dev.engram.apps.chat;

import dev.engram.apps.agents.RunViews;
import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Chat app: a conversation with the journal. The answer streams token by token, tool calls show as they happen
 * (with their results), cited segments link into the transcripts app, earlier conversations continue as threads
 * ({@code continue_from}), and the owner picks the persona and the provider tier, or one of the configured provider
 * endpoints ({@code provider}: validated, written in the run's request line with its {@code model}, and kept by the
 * conversation until changed).
 */
public final class ChatApp implements ConveyApp {
    static final List<String> TIERS = List.of("default", "fast", "strong");

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("💬", "Chat").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Conversations chats = new Conversations(routes.context().journal());
        routes.get("/api/personas", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("personas", RunViews.agents(routes.context()).personas());
            out.put("tiers", TIERS);
            out.putAll(RunViews.providers(routes.context()));
            JsonIo.send(ctx, out);
        });
        routes.get("/api/conversations", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ObjectNode o : chats.list()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", o.path("id").asString());
                m.put("title", o.path("title").asString());
                m.put("persona", o.path("persona").asString("default"));
                m.put("provider", o.path("provider").asString(null));
                m.put("updated_ts", o.path("updated_ts").asLong());
                m.put("runs", o.path("runs").size());
                out.add(m);
            }
            JsonIo.send(ctx, Map.of("conversations", out));
        });
        routes.get("/api/conversation/{id}", ctx -> {
            String id = ctx.pathParam("id");
            ObjectNode c = chats.read(Params.fileName(id)).orElseThrow(() -> ApiError.notFound(
                    "unknown_conversation", "no conversation " + Params.shown(id)));
            Agents agents = RunViews.agents(routes.context());
            List<Map<String, Object>> turns = new ArrayList<>();
            for (JsonNode run : c.withArray("runs")) {
                turns.add(turn(agents, run.asString()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("title", c.path("title").asString());
            out.put("persona", c.path("persona").asString("default"));
            out.put("provider", c.path("provider").asString(null));
            out.put("turns", turns);
            JsonIo.send(ctx, out);
        });
        routes.post("/api/ask", ctx -> {
            ObjectNode body = JsonIo.body(ctx);
            JsonNode conv = body.get("conversation");
            String conversation = conv != null && conv.isString() && !conv.stringValue().isBlank()
                    ? Params.fileName(conv.stringValue()) : null;
            ObjectNode existing = null;
            if (conversation != null) {
                existing = chats.read(conversation).orElseThrow(() -> ApiError.notFound("unknown_conversation",
                        "no conversation " + Params.shown(conv.stringValue())));
                body.put("continue_from", Conversations.lastRun(existing));
            }
            AgentRequest request = RunViews.request(body);
            String provider = provider(body, existing);
            if (provider != null) {
                request = RunViews.onProvider(routes.context(), request, provider, null);
            }
            String id = RunViews.start(RunViews.agents(routes.context()), request);
            long now = System.currentTimeMillis();
            if (existing == null) {
                chats.create(id, request.prompt(), request.persona(), provider, now);
                conversation = id;
            } else {
                chats.addRun(conversation, existing, id, provider, now);
            }
            ctx.status(201);
            JsonIo.send(ctx, Map.of("agent_id", id, "conversation", conversation));
        });
        routes.stream("/api/stream/{id}", stream ->
                RunViews.follow(RunViews.agents(routes.context()), stream.context().pathParam("id"), stream));
    }

    /**
     * The endpoint this message runs on: the body's {@code provider} (a string; {@code ""} goes back to tier routing),
     * else the conversation's, else none.
     */
    private static String provider(ObjectNode body, ObjectNode existing) {
        JsonNode p = body.get("provider");
        if (p == null || p.isNull()) {
            String kept = existing == null ? null : existing.path("provider").asString(null);
            return kept == null || kept.isBlank() ? null : kept;
        }
        if (!p.isString()) {
            throw ApiError.badRequest("invalid_field", "'provider' must be a string: the name of a configured"
                    + " provider endpoint, or \"\" for the tier's");
        }
        return p.stringValue().isBlank() ? null : p.stringValue();
    }

    private static Map<String, Object> turn(Agents agents, String runId) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("agent_id", runId);
        List<Map<String, Object>> tools = new ArrayList<>();
        for (RunEvent e : agents.events(runId)) {
            switch (e.event()) {
                case "request" -> {
                    t.put("prompt", e.text("prompt"));
                    t.put("provider", e.text("provider"));
                }
                case "start" -> t.put("model", e.text("model"));
                case "tool_end" -> tools.add(e.toMap());
                case "finish" -> t.put("result", e.text("result"));
                case "error" -> t.put("error", e.text("error"));
                default -> {
                }
            }
        }
        t.put("tools", tools);
        t.put("state", agents.find(runId).map(r -> r.state().label()).orElse("unknown"));
        return t;
    }
}
