package dev.engram.cortex.api;

import java.util.List;

/**
 * The journal tools (the reference's packs and argument names), found in the registry as
 * {@code context.service(Tools.class)}: agents' runs and the MCP server both call them here.
 */
public interface Tools {

    /** Every tool, in a stable order. */
    List<ToolSpec> specs();

    /**
     * Runs one tool. Unknown names, arguments that fail validation, and write tools called with a read scope or on a
     * facet outside the caller's answer {@link ToolResult#error(String)}; write tools go through the journal store and
     * are action-logged with {@link ToolCaller#actor()} as the actor.
     *
     * @param argumentsJson a JSON object (as models and MCP clients send it)
     */
    ToolResult call(String name, String argumentsJson, ToolCaller caller);
}
