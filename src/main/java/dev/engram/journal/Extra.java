package dev.engram.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a record that Engram does not model (custom entity fields, newer or older keys). Immutable; kept
 * in their original order and written back unchanged, so a read-modify-write never loses them.
 */
public final class Extra {
    private static final Extra EMPTY = new Extra(Json.object());
    private final ObjectNode fields;

    private Extra(ObjectNode fields) {
        this.fields = fields;
    }

    public static Extra empty() {
        return EMPTY;
    }

    /** Copies every field of {@code source} except the named known ones. */
    static Extra from(ObjectNode source, Set<String> known) {
        ObjectNode copy = Json.object();
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            if (!known.contains(e.getKey())) {
                copy.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return copy.isEmpty() ? EMPTY : new Extra(copy);
    }

    /** Parses a JSON object text into extra fields; throws {@link JournalException} when it is not one. */
    public static Extra parse(String jsonObject) {
        JsonNode node = Json.parse(jsonObject);
        if (!(node instanceof ObjectNode obj)) {
            throw new JournalException("expected a JSON object, got: " + Json.abbreviate(jsonObject));
        }
        return new Extra(obj);
    }

    public Optional<JsonNode> get(String name) {
        return Optional.ofNullable(fields.get(name)).map(JsonNode::deepCopy);
    }

    public Optional<String> string(String name) {
        JsonNode n = fields.get(name);
        return n != null && n.isString() ? Optional.of(n.stringValue()) : Optional.empty();
    }

    /** A copy with {@code name} set to a JSON value (string, number, boolean, list, map or JsonNode). */
    public Extra with(String name, Object value) {
        ObjectNode copy = fields.deepCopy();
        copy.set(name, Json.toNode(value));
        return new Extra(copy);
    }

    public Extra without(String name) {
        ObjectNode copy = fields.deepCopy();
        copy.remove(name);
        return copy.isEmpty() ? EMPTY : new Extra(copy);
    }

    public Set<String> names() {
        return Set.copyOf(fields.propertyNames());
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** A plain Java view (maps, lists, strings, numbers, booleans) for templates and JSON APIs. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            out.put(e.getKey(), Json.toPlain(e.getValue()));
        }
        return out;
    }

    /** Writes every extra field into {@code target} (after the known ones, keeping their order). */
    void writeTo(ObjectNode target) {
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extra other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return Json.write(fields);
    }
}
