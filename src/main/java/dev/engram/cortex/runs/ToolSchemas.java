package dev.engram.cortex.runs;

import dev.engram.cortex.api.ToolSpec;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a tool's JSON Schema ({@link ToolSpec#inputSchemaJson()}) into LangChain4j's schema objects, which the
 * provider modules write in each provider's own format. Handles what tool arguments use: objects with properties and
 * {@code required}, strings (with {@code enum}), integers, numbers, booleans and arrays; anything else becomes a
 * described string so the model still sees the argument. A schema that is not a JSON object gives a tool with no
 * arguments (and the tool itself answers a clear error if it needed some).
 */
final class ToolSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolSchemas() {
    }

    static ToolSpecification specification(ToolSpec spec) {
        return ToolSpecification.builder().name(spec.name()).description(spec.description())
                .parameters(objectSchema(spec.inputSchemaJson())).build();
    }

    static JsonObjectSchema objectSchema(String schemaJson) {
        try {
            JsonNode node = JSON.readTree(schemaJson);
            if (node instanceof ObjectNode o) {
                return object(o);
            }
        } catch (JacksonException e) {
            // a tool with a broken schema is still offered, without arguments
        }
        return JsonObjectSchema.builder().build();
    }

    private static JsonObjectSchema object(ObjectNode o) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        description(o).ifPresent(b::description);
        JsonNode props = o.get("properties");
        if (props instanceof ObjectNode p) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                if (e.getValue() instanceof ObjectNode child) {
                    b.addProperty(e.getKey(), element(child));
                }
            }
        }
        JsonNode req = o.get("required");
        if (req != null && req.isArray()) {
            List<String> names = new ArrayList<>();
            req.forEach(n -> names.add(n.asString()));
            b.required(names);
        }
        JsonNode extra = o.get("additionalProperties");
        if (extra != null && extra.isBoolean()) {
            b.additionalProperties(extra.booleanValue());
        }
        return b.build();
    }

    private static JsonSchemaElement element(ObjectNode o) {
        String desc = description(o).orElse(null);
        JsonNode en = o.get("enum");
        if (en != null && en.isArray()) {
            List<String> values = new ArrayList<>();
            en.forEach(n -> values.add(n.asString()));
            return JsonEnumSchema.builder().enumValues(values).description(desc).build();
        }
        JsonNode t = o.get("type");
        String type = t == null ? "" : t.isArray() && !t.isEmpty() ? t.get(0).asString() : t.asString();
        return switch (type) {
            case "object" -> object(o);
            case "integer" -> JsonIntegerSchema.builder().description(desc).build();
            case "number" -> JsonNumberSchema.builder().description(desc).build();
            case "boolean" -> JsonBooleanSchema.builder().description(desc).build();
            case "array" -> JsonArraySchema.builder().description(desc)
                    .items(o.get("items") instanceof ObjectNode items ? element(items)
                            : JsonStringSchema.builder().build()).build();
            default -> JsonStringSchema.builder().description(desc).build();
        };
    }

    private static java.util.Optional<String> description(ObjectNode o) {
        JsonNode d = o.get("description");
        return d != null && d.isString() ? java.util.Optional.of(d.stringValue()) : java.util.Optional.empty();
    }
}
