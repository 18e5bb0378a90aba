package dev.engram.callosum;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Callosum bus message: a JSON object with string {@code tract} and {@code event}, optional {@code ts} (epoch
 * milliseconds) and any other fields. Immutable; {@link #json()} returns a copy.
 */
public final class Message {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private final ObjectNode json;
    private final String tract;
    private final String event;

    private Message(ObjectNode json) {
        this.json = json;
        this.tract = json.get("tract").stringValue();
        this.event = json.get("event").stringValue();
    }

    /** Parses one line; throws {@link InvalidMessageException} saying why it is not a valid message. */
    public static Message parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidMessageException(InvalidMessageException.Reason.INVALID_JSON,
                    "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new InvalidMessageException(InvalidMessageException.Reason.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return of(obj);
    }

    /** Wraps (a copy of) a JSON object; it must have string {@code tract} and {@code event}. */
    public static Message of(ObjectNode obj) {
        JsonNode t = obj.get("tract");
        JsonNode e = obj.get("event");
        if (t == null || !t.isString() || e == null || !e.isString()) {
            throw new InvalidMessageException(InvalidMessageException.Reason.MISSING_TRACT_OR_EVENT,
                    "a message needs string fields 'tract' and 'event'");
        }
        return new Message(obj.deepCopy());
    }

    /** Builds a message from plain values (strings, numbers, booleans, lists, maps, JsonNodes). */
    public static Message of(String tract, String event, Map<String, ?> fields) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("tract", tract);
        o.put("event", event);
        fields.forEach((k, v) -> {
            if (!k.equals("tract") && !k.equals("event")) {
                o.set(k, v instanceof JsonNode n ? n.deepCopy() : MAPPER.valueToTree(v));
            }
        });
        return new Message(o);
    }

    public static Message of(String tract, String event) {
        return of(tract, event, Map.of());
    }

    public String tract() {
        return tract;
    }

    public String event() {
        return event;
    }

    /** {@code ts} when present and numeric. */
    public OptionalLong ts() {
        JsonNode n = json.get("ts");
        return n != null && n.isNumber() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
    }

    /** This message with {@code ts} set to {@code millis} unless it already has one (never overwritten). */
    public Message withTsIfAbsent(long millis) {
        if (json.has("ts")) {
            return this;
        }
        ObjectNode copy = json.deepCopy();
        copy.put("ts", millis);
        return new Message(copy);
    }

    public Optional<JsonNode> get(String field) {
        return Optional.ofNullable(json.get(field)).map(JsonNode::deepCopy);
    }

    public Optional<String> string(String field) {
        JsonNode n = json.get(field);
        return n != null && n.isString() ? Optional.of(n.stringValue()) : Optional.empty();
    }

    /** A copy of the whole JSON object. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** Compact JSON on one line (no newline), UTF-8 characters as they are. */
    public String toJson() {
        return MAPPER.writeValueAsString(json);
    }

    /** Compact JSON with every non-ASCII character as a {@code \\uXXXX} escape (accepted by the Python reference). */
    public String toAsciiJson() {
        return ASCII.writeValueAsString(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
