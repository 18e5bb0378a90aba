package dev.engram.cortex.api;

import java.util.Objects;

/**
 * One tool as models and MCP clients see it.
 *
 * @param name            the reference's name, e.g. {@code search_journal}
 * @param description     what it does and when to use it
 * @param inputSchemaJson a JSON Schema object for its arguments (the reference's argument names)
 * @param readOnly        true only when the tool never changes the journal (MCP annotations say so truthfully)
 * @param pack            the reference's tool pack it belongs to, e.g. {@code journal}, {@code todo}, {@code entity}
 */
public record ToolSpec(String name, String description, String inputSchemaJson, boolean readOnly, String pack) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchemaJson, "inputSchemaJson");
        Objects.requireNonNull(pack, "pack");
    }
}
