package dev.engram.cortex.tools;

import dev.engram.journal.Day;
import dev.engram.journal.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's arguments: the JSON Schema models and MCP clients see ({@link #json()}) and the check of a call's arguments
 * against it ({@link #validate}), from one declaration, so the two never disagree. Immutable once built.
 */
final class Schema {
    /** What a property holds; {@code DAY} and {@code FACET} are strings with a checked form. */
    enum Kind { STRING, INTEGER, BOOLEAN, DAY, FACET }

    record Prop(String name, Kind kind, boolean required, String description, long min, long max) {
    }

    /** The largest argument object accepted (a news page or a long todo fits easily). */
    static final int MAX_ARGUMENT_BYTES = 256 * 1024;
    private final Map<String, Prop> props = new LinkedHashMap<>();

    static Schema of() {
        return new Schema();
    }

    Schema string(String name, boolean required, String description) {
        return add(new Prop(name, Kind.STRING, required, description, 0, 0));
    }

    Schema integer(String name, boolean required, String description, long min, long max) {
        return add(new Prop(name, Kind.INTEGER, required, description, min, max));
    }

    Schema bool(String name, boolean required, String description) {
        return add(new Prop(name, Kind.BOOLEAN, required, description, 0, 0));
    }

    Schema day(String name, boolean required, String description) {
        return add(new Prop(name, Kind.DAY, required, description, 0, 0));
    }

    Schema facet(String name, boolean required, String description) {
        return add(new Prop(name, Kind.FACET, required, description, 0, 0));
    }

    private Schema add(Prop p) {
        props.put(p.name(), p);
        return this;
    }

    List<Prop> props() {
        return List.copyOf(props.values());
    }

    /** The JSON Schema object: {@code type: object}, properties, required, no additional properties. */
    String json() {
        ObjectNode root = ToolJson.object();
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ArrayNode required = ToolJson.array();
        for (Prop p : props.values()) {
            ObjectNode o = properties.putObject(p.name());
            switch (p.kind()) {
                case STRING -> o.put("type", "string");
                case BOOLEAN -> o.put("type", "boolean");
                case INTEGER -> {
                    o.put("type", "integer");
                    o.put("minimum", p.min());
                    o.put("maximum", p.max());
                }
                case DAY -> {
                    o.put("type", "string");
                    o.put("pattern", "^[0-9]{8}$");
                }
                case FACET -> {
                    o.put("type", "string");
                    o.put("pattern", "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$");
                }
            }
            o.put("description", p.description());
            if (p.required()) {
                required.add(p.name());
            }
        }
        root.set("required", required);
        root.put("additionalProperties", false);
        return ToolJson.write(root);
    }

    /**
     * Parses and checks a call's arguments: a JSON object (empty text counts as {@code {}}), no unknown names, every
     * required one present, each of its type and range, days as real {@code YYYYMMDD} dates, facets well formed. A
     * JSON {@code null} counts as absent (models send it for optional arguments).
     */
    Args validate(String tool, String argumentsJson) {
        String text = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        if (text.length() > MAX_ARGUMENT_BYTES) {
            throw new ToolArgException(tool + ": the arguments are " + text.length() + " characters, over the limit of "
                    + MAX_ARGUMENT_BYTES);
        }
        JsonNode node;
        try {
            node = ToolJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new ToolArgException(tool + ": the arguments are not valid JSON (" + e.getOriginalMessage()
                    + "); send a JSON object such as " + example());
        }
        if (!(node instanceof ObjectNode args)) {
            throw new ToolArgException(tool + ": the arguments must be a JSON object such as " + example());
        }
        List<String> problems = new ArrayList<>();
        for (String name : args.propertyNames()) {
            if (!props.containsKey(name)) {
                problems.add("unknown argument '" + name + "'");
            }
        }
        ObjectNode clean = ToolJson.object();
        for (Prop p : props.values()) {
            JsonNode v = args.get(p.name());
            if (v == null || v.isNull()) {
                if (p.required()) {
                    problems.add("'" + p.name() + "' is required (" + p.description() + ")");
                }
                continue;
            }
            check(p, v).ifPresentOrElse(problems::add, () -> clean.set(p.name(), v));
        }
        if (!problems.isEmpty()) {
            throw new ToolArgException(tool + ": " + String.join("; ", problems) + ". Arguments: " + signature());
        }
        return new Args(tool, clean);
    }

    private static Optional<String> check(Prop p, JsonNode v) {
        String name = "'" + p.name() + "'";
        return switch (p.kind()) {
            case STRING -> v.isString() ? Optional.empty() : Optional.of(name + " must be a string");
            case BOOLEAN -> v.isBoolean() ? Optional.empty() : Optional.of(name + " must be true or false");
            case INTEGER -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    yield Optional.of(name + " must be a whole number from " + p.min() + " to " + p.max());
                }
                long n = v.longValue();
                yield n < p.min() || n > p.max()
                        ? Optional.of(name + " must be from " + p.min() + " to " + p.max() + ", not " + n)
                        : Optional.empty();
            }
            case DAY -> v.isString() && Day.tryParse(v.stringValue()).isPresent() ? Optional.empty()
                    : Optional.of(name + " must be a day as YYYYMMDD, e.g. 20240101");
            case FACET -> v.isString() && Names.isFacet(v.stringValue()) ? Optional.empty()
                    : Optional.of(name + " must be a facet name (letters, digits, '-' or '_'), e.g. work");
        };
    }

    /** {@code query, limit?, ...}: the argument names, optional ones marked. */
    String signature() {
        List<String> parts = new ArrayList<>();
        props.values().forEach(p -> parts.add(p.name() + (p.required() ? "" : "?")));
        return "(" + String.join(", ", parts) + ")";
    }

    private String example() {
        ObjectNode o = ToolJson.object();
        props.values().stream().filter(Prop::required).forEach(p -> {
            switch (p.kind()) {
                case INTEGER -> o.put(p.name(), Math.max(p.min(), 1));
                case BOOLEAN -> o.put(p.name(), true);
                case DAY -> o.put(p.name(), "20240101");
                case FACET -> o.put(p.name(), "work");
                default -> o.put(p.name(), "...");
            }
        });
        return ToolJson.write(o);
    }
}
