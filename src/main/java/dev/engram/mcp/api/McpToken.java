package dev.engram.mcp.api;

import dev.engram.cortex.api.ToolScope;
import java.util.Objects;
import java.util.Set;

/**
 * One MCP access token as stored, without its secret.
 *
 * @param id        a short random id (to revoke it)
 * @param name      the client's name in the audit and the action logs ({@code mcp:<name>})
 * @param facets    the facets it may see and change; empty means all
 * @param createdAt milliseconds since the epoch
 */
public record McpToken(String id, String name, ToolScope scope, Set<String> facets, long createdAt) {
    public McpToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        facets = Set.copyOf(facets);
    }
}
