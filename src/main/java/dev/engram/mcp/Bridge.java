package dev.engram.mcp;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolResult;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.cortex.api.Tools;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Puts the journal {@link Tools} and the reference's {@code journal://} resources on an MCP server of either
 * transport: every tool with truthful annotations ({@code readOnlyHint} false for tools that can write), every call
 * run with the caller its transport resolved (the transports audit every call, {@link CallTap}). Stateless apart from its parts; thread-safe.
 */
final class Bridge {
    static final String VERSION = "1";
    /** Tools that replace what was there (a news page, an entity's description): destructive in MCP's terms. */
    private static final Set<String> REPLACING = Set.of("facet_news", "entity_update");
    private static final List<String[]> TEMPLATES = List.of(
            new String[] {"journal://insight/{day}/{topic}", "insight", "A day's insight (markdown)", "text/markdown"},
            new String[] {"journal://transcripts/{mode}/{day}/{time}/{length}", "transcripts", "What was said and"
                    + " seen in a window of a day: mode full, audio, screen or summary; time HHMMSS; length in"
                    + " seconds", "text/plain"},
            new String[] {"journal://todo/{facet}/{day}", "todo", "A facet's todos of a day", "text/markdown"},
            new String[] {"journal://media/{day}/{segment}/{name}", "media", "A captured media file (FLAC, PNG...)"
                    + " of a segment, described: type, size, a link for the owner, and its transcript or screen"
                    + " extract (the bytes are never sent)", "application/json"});

    /** The client of one request: its name in the audit, its transport, and its rights. */
    record Client(String name, String transport, ToolCaller caller) {
    }

    private final Tools tools;
    private final Function<McpSyncServerExchange, Client> clients;
    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();

    Bridge(Tools tools, Function<McpSyncServerExchange, Client> clients) {
        this.tools = tools;
        this.clients = clients;
    }

    <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> spec) {
        List<McpServerFeatures.SyncToolSpecification> toolSpecs = new ArrayList<>();
        for (ToolSpec t : tools.specs()) {
            toolSpecs.add(McpServerFeatures.SyncToolSpecification.builder().tool(tool(t))
                    .callHandler((exchange, request) -> call(t.name(), exchange, request)).build());
        }
        List<McpServerFeatures.SyncResourceTemplateSpecification> templates = new ArrayList<>();
        for (String[] t : TEMPLATES) {
            templates.add(new McpServerFeatures.SyncResourceTemplateSpecification(
                    McpSchema.ResourceTemplate.builder().uriTemplate(t[0]).name(t[1]).description(t[2])
                            .mimeType(t[3]).build(), this::read));
        }
        return spec.serverInfo("engram", VERSION)
                .instructions("Engram is the owner's personal journal (what they said, saw and did, by day). Search"
                        + " it with search_journal, then read transcripts, insights, events, todos and entities.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .validateToolInputs(false) // Engram's tools check their arguments and answer errors the model reads
                .tools(toolSpecs).resourceTemplates(templates);
    }

    private McpSchema.Tool tool(ToolSpec t) {
        McpSchema.ToolAnnotations hints = new McpSchema.ToolAnnotations(null, t.readOnly(),
                t.readOnly() ? null : REPLACING.contains(t.name()), null, false, null);
        return McpSchema.Tool.builder().name(t.name()).description(t.description())
                .inputSchema(mapper, t.inputSchemaJson()).annotations(hints).build();
    }

    private McpSchema.CallToolResult call(String name, McpSyncServerExchange exchange,
                                          McpSchema.CallToolRequest request) {
        Client client = clients.apply(exchange);
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        ToolResult r = tools.call(name, McpJson.MAPPER.writeValueAsString(arguments), client.caller());
        return McpSchema.CallToolResult.builder().addTextContent(r.content()).isError(r.error()).build();
    }

    private McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        Client client = clients.apply(exchange);
        String uri = request.uri();
        ToolResult r = tools.call("get_resource", McpJson.MAPPER.writeValueAsString(Map.of("uri", uri)),
                client.caller());
        if (r.error()) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(r.content()).build();
        }
        String mime = uri.startsWith("journal://media/") ? "application/json"
                : uri.startsWith("journal://transcripts/") ? "text/plain" : "text/markdown";
        McpSchema.ResourceContents contents = new McpSchema.TextResourceContents(uri, mime, r.content());
        return new McpSchema.ReadResourceResult(List.of(contents));
    }
}
