package dev.engram.mcp.api;

import dev.engram.cortex.api.ToolScope;
import java.util.List;
import java.util.Set;

/**
 * The owner's MCP access tokens and the audit of MCP calls, found in the registry as
 * {@code context.service(McpTokens.class)} (the settings section uses it; the agents app may show
 * {@link #recentCalls}). Only SHA-256 hashes of the tokens are stored ({@code apps/mcp/tokens.json}); a token's
 * secret is shown once, when it is created. Thread-safe.
 */
public interface McpTokens {
    /** Every token (never a secret), oldest first. */
    List<McpToken> list();

    /**
     * Creates a token; its secret is in the answer and nowhere else.
     *
     * @param name   1-64 letters, digits, spaces, '.', '_' or '-', unique among the tokens (the audit's client name)
     * @param facets the facets it may use; empty means all
     * @throws McpTokenException naming what is wrong with the name or a facet
     */
    NewMcpToken create(String name, ToolScope scope, Set<String> facets);

    /** Revokes a token at once; false when there is no token with that id. */
    boolean revoke(String id);

    /** The last calls from {@code health/mcp-audit.jsonl}, newest first, at most {@code limit}. */
    List<McpCall> recentCalls(int limit);
}
