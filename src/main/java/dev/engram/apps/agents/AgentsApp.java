package dev.engram.apps.agents;

import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ApiError;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.journal.Day;
import dev.engram.mcp.api.McpTokens;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Agents app: every run by day (status, persona, model, duration, tokens), a run's full event log (live while it
 * runs), cancelling a running one and starting a persona by hand, and the recent MCP calls (the audit).
 */
public final class AgentsApp implements ConveyApp {
    /** How many recent MCP calls the app shows (the settings' MCP section pages through more). */
    static final int MCP_CALLS = 50;

    @Override
    public String name() {
        return "agents";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("🤖", "Agents").withFacets(AppInfo.FacetBar.HIDDEN).withDateNav(false);
    }

    @Override
    public void routes(AppRoutes routes) {
        routes.get("/api/day/{day}", ctx -> {
            Day day = Params.day(ctx.pathParam("day"));
            List<Map<String, Object>> runs = RunViews.agents(routes.context()).list(day.date()).stream()
                    .map(RunViews::summary).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("day", day.key());
            out.put("runs", runs);
            JsonIo.send(ctx, out);
        });
        routes.get("/api/stats/{month}", ctx -> {
            YearMonth month = Params.month(ctx.pathParam("month"));
            Agents agents = RunViews.agents(routes.context());
            Map<String, Object> out = new LinkedHashMap<>();
            for (LocalDate d : agents.days()) {
                if (YearMonth.from(d).equals(month)) {
                    out.put(new Day(d).key(), agents.list(d).size());
                }
            }
            JsonIo.send(ctx, out);
        });
        routes.get("/api/personas", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("personas", RunViews.agents(routes.context()).personas());
            out.putAll(RunViews.providers(routes.context()));
            JsonIo.send(ctx, out);
        });
        routes.get("/api/run/{id}", ctx -> {
            Agents agents = RunViews.agents(routes.context());
            String id = ctx.pathParam("id");
            AgentRun run = agents.find(id).orElseThrow(() -> ApiError.notFound("unknown_run", "no agent run "
                    + Params.shown(id)));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", RunViews.summary(run));
            out.put("events", RunViews.events(agents.events(id)));
            JsonIo.send(ctx, out);
        });
        routes.stream("/api/run/{id}/events", stream ->
                RunViews.follow(RunViews.agents(routes.context()), stream.context().pathParam("id"), stream));
        routes.post("/api/run/{id}/cancel", ctx -> {
            Agents agents = RunViews.agents(routes.context());
            String id = ctx.pathParam("id");
            if (agents.find(id).isEmpty()) {
                throw ApiError.notFound("unknown_run", "no agent run " + Params.shown(id));
            }
            JsonIo.send(ctx, Map.of("id", id, "cancelled", agents.cancel(id)));
        });
        routes.post("/api/start", ctx -> {
            ObjectNode body = JsonIo.body(ctx);
            AgentRequest request = RunViews.request(body);
            String provider = RunViews.nonBlank(body, "provider");
            String model = RunViews.nonBlank(body, "model");
            if (provider != null) {
                request = RunViews.onProvider(routes.context(), request, provider, model);
            } else if (model != null) {
                throw ApiError.badRequest("invalid_field", "'model' needs 'provider': the configured endpoint it runs"
                        + " on");
            }
            String id = RunViews.start(RunViews.agents(routes.context()), request);
            ctx.status(201);
            JsonIo.send(ctx, Map.of("agent_id", id));
        });
        // the MCP audit (health/mcp-audit.jsonl): the owner's other agents' last calls, newest first
        routes.get("/api/mcp", ctx -> {
            Optional<McpTokens> mcp = routes.context().findService(McpTokens.class);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("available", mcp.isPresent());
            out.put("calls", mcp.map(m -> m.recentCalls(MCP_CALLS)).orElse(List.of()));
            JsonIo.send(ctx, out);
        });
    }
}
