package dev.engram.cortex.api;

import java.util.Objects;
import java.util.Set;

/**
 * Who calls a tool, with what rights.
 *
 * @param actor  written to the action log and the audit: {@code agent:<persona>:<id>} or {@code mcp:<client>}
 * @param scope  a {@link ToolScope#READ} caller gets an error result from every write tool
 * @param facets the facets this caller may see and change; empty means all
 */
public record ToolCaller(String actor, ToolScope scope, Set<String> facets) {
    public ToolCaller {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(scope, "scope");
        facets = Set.copyOf(facets);
    }
}
