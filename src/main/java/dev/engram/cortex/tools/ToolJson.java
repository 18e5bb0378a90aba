package dev.engram.cortex.tools;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The tools' JSON (Jackson 3): one mapper, compact output. Thread-safe. */
final class ToolJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ToolJson() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static String write(Object node) {
        return MAPPER.writeValueAsString(node);
    }
}
