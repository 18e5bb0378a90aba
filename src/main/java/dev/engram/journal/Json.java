package dev.engram.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON reading and writing for journal records (Jackson 3). Thread-safe. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses JSON text; throws {@link JournalException} with the parser's reason. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new JournalException("invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static String writePretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }

    static JsonNode toNode(Object value) {
        if (value instanceof JsonNode n) {
            return n.deepCopy();
        }
        if (value instanceof Extra e) {
            ObjectNode o = object();
            e.writeTo(o);
            return o;
        }
        return MAPPER.valueToTree(value);
    }

    static Object toPlain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine;
    }

    // Field readers: lenient about types, because real journals carry older shapes.

    static Optional<String> string(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isString()) {
            return Optional.of(n.stringValue());
        }
        return n.isValueNode() ? Optional.of(n.asString()) : Optional.empty();
    }

    static String string(ObjectNode o, String name, String fallback) {
        return string(o, name).orElse(fallback);
    }

    static boolean bool(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        return n != null && (n.isBoolean() ? n.booleanValue() : n.isNumber() ? n.asInt() != 0
                : n.isString() && n.stringValue().equalsIgnoreCase("true"));
    }

    static OptionalLong longValue(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n != null && n.isNumber()) {
            return OptionalLong.of(n.asLong());
        }
        if (n != null && n.isString()) {
            try {
                return OptionalLong.of(Long.parseLong(n.stringValue().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    static List<String> strings(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode item : n) {
                if (item.isValueNode() && !item.isNull()) {
                    out.add(item.isString() ? item.stringValue() : item.asString());
                }
            }
        } else if (n != null && n.isString() && !n.stringValue().isBlank()) {
            out.add(n.stringValue());
        }
        return List.copyOf(out);
    }

    static ObjectNode objectOrEmpty(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        return n instanceof ObjectNode obj ? obj : object();
    }

    static void putIfPresent(ObjectNode o, String name, Optional<String> value) {
        value.ifPresent(v -> o.put(name, v));
    }

    static void putIfPresent(ObjectNode o, String name, OptionalLong value) {
        value.ifPresent(v -> o.put(name, v));
    }

    static ArrayNode stringArray(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    static Map<String, Object> plainObject(ObjectNode o) {
        Map<String, Object> out = new LinkedHashMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), toPlain(e.getValue())));
        return out;
    }
}
