package dev.engram.apps.mcptokens;

import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.cortex.api.ToolScope;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.mcp.api.McpCall;
import dev.engram.mcp.api.McpToken;
import dev.engram.mcp.api.McpTokenException;
import dev.engram.mcp.api.McpTokens;
import dev.engram.mcp.api.NewMcpToken;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP access, the settings section for the MCP server: the owner's tokens ({@code GET/POST /app/mcp/api/tokens},
 * {@code DELETE /app/mcp/api/tokens/{id}}; a new token's secret is answered once) and the recent calls from the audit
 * ({@code GET /app/mcp/api/calls?limit=N}). Uses {@link McpTokens} from the registry; without it the API answers 503
 * {@code mcp_unavailable}. Creating and revoking are action-logged (never the secret).
 */
public final class McpTokensApp implements ConveyApp {
    static final String NAME = "mcp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("🔌", "MCP access").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        routes.get("/api/tokens", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("endpoint", ctx.scheme() + "://" + ctx.host() + "/mcp");
            body.put("tokens", tokens(routes).list().stream().map(McpTokensApp::json).toList());
            JsonIo.send(ctx, body);
        });
        routes.post("/api/tokens", ctx -> create(ctx, routes, journal));
        routes.delete("/api/tokens/{id}", ctx -> {
            String id = ctx.pathParam("id");
            if (!tokens(routes).revoke(id)) {
                throw ApiError.notFound("no_such_token", "there is no MCP token with id '" + id + "'");
            }
            log(journal, "mcp_token_revoke", Extra.empty().with("id", id));
            JsonIo.send(ctx, Map.of("revoked", true));
        });
        routes.get("/api/calls", ctx -> {
            int limit = 50;
            String q = ctx.queryParam("limit");
            if (q != null) {
                try {
                    limit = Integer.parseInt(q);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > 1000) {
                    throw ApiError.badRequest("invalid_limit", "limit must be a number from 1 to 1000");
                }
            }
            List<McpCall> calls = tokens(routes).recentCalls(limit);
            JsonIo.send(ctx, Map.of("calls", calls));
        });
    }

    private static void create(Context ctx, AppRoutes routes, Journal journal) {
        ObjectNode body = JsonIo.body(ctx);
        for (String k : body.propertyNames()) {
            if (!Set.of("name", "scope", "facets").contains(k)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + k + "'; send name, scope, facets");
            }
        }
        String name = body.path("name").isString() ? body.path("name").stringValue() : "";
        String scopeText = body.path("scope").isString() ? body.path("scope").stringValue() : "read";
        ToolScope scope = switch (scopeText) {
            case "read" -> ToolScope.READ;
            case "write" -> ToolScope.WRITE;
            default -> throw ApiError.badRequest("invalid_scope", "scope must be read or write");
        };
        Set<String> facets = new TreeSet<>();
        JsonNode f = body.path("facets");
        if (!f.isMissingNode() && !f.isNull()) {
            if (!f.isArray()) {
                throw ApiError.badRequest("invalid_facets", "facets must be a list of facet names");
            }
            for (JsonNode n : f) {
                if (!n.isString()) {
                    throw ApiError.badRequest("invalid_facets", "facets must be a list of facet names");
                }
                facets.add(n.stringValue());
            }
        }
        NewMcpToken created;
        try {
            created = tokens(routes).create(name, scope, facets);
        } catch (McpTokenException e) {
            throw ApiError.badRequest("invalid_token_request", e.getMessage());
        }
        log(journal, "mcp_token_create", Extra.empty().with("id", created.token().id())
                .with("name", created.token().name()).with("scope", scopeText).with("facets", List.copyOf(facets)));
        Map<String, Object> out = json(created.token());
        out.put("secret", created.secret());
        ctx.status(201);
        JsonIo.send(ctx, out);
    }

    private static McpTokens tokens(AppRoutes routes) {
        return routes.context().findService(McpTokens.class).orElseThrow(() -> new ApiError(503, "mcp_unavailable",
                "the MCP server is not running in this Engram"));
    }

    private static Map<String, Object> json(McpToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("scope", t.scope().name().toLowerCase(Locale.ROOT));
        m.put("facets", List.copyOf(new TreeSet<>(t.facets())));
        m.put("created_at", t.createdAt());
        return m;
    }

    private static void log(Journal journal, String action, Extra params) {
        journal.actions().log(new Day(LocalDate.now()), ActionLogEntry.byApp(NAME, action, params,
                OffsetDateTime.now()));
    }
}
