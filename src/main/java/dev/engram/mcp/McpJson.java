package dev.engram.mcp;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The MCP package's JSON (Jackson 3). Thread-safe. */
final class McpJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private McpJson() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
