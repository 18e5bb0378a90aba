package dev.engram.apps.todos;

import dev.engram.convey.ApiError;
import dev.engram.journal.Todo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validation of the Todos app's request fields (each failure a 400 naming the field) and a todo's JSON. */
final class TodoFields {
    static final int MAX_TEXT = 1000;
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    private TodoFields() {
    }

    static void onlyKnown(ObjectNode body, Set<String> known) {
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + name + "'; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** The todo's text: required non-blank, at most {@link #MAX_TEXT} characters, one line, well-formed Unicode. */
    static Optional<String> text(ObjectNode body, boolean required) {
        JsonNode n = body.get("text");
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiError.badRequest("invalid_text", "'text' is required: what is there to do?");
            }
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest("invalid_text", "'text' must be a string");
        }
        String t = n.asString().strip();
        if (t.isEmpty() || t.length() > MAX_TEXT || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
            throw ApiError.badRequest("invalid_text", "'text' must be one non-empty line of at most " + MAX_TEXT
                    + " characters");
        }
        if (!wellFormed(t)) {
            throw ApiError.badRequest("invalid_unicode", "'text' has a lone UTF-16 surrogate");
        }
        return Optional.of(t);
    }

    /** Absent: no change (empty); {@code null} or {@code ""}: no time; else {@code HH:MM}. */
    static Optional<Optional<String>> time(ObjectNode body) {
        if (!body.has("time")) {
            return Optional.empty();
        }
        JsonNode n = body.get("time");
        if (n.isNull() || (n.isString() && n.asString().isEmpty())) {
            return Optional.of(Optional.empty());
        }
        if (!n.isString() || !TIME.matcher(n.asString()).matches()) {
            throw ApiError.badRequest("invalid_time", "'time' must be HH:MM (00:00 to 23:59), or empty for none");
        }
        return Optional.of(Optional.of(n.asString()));
    }

    static Optional<Todo.Status> status(ObjectNode body) {
        JsonNode n = body.get("status");
        if (n == null) {
            return Optional.empty();
        }
        return switch (n.isString() ? n.asString() : "") {
            case "open" -> Optional.of(Todo.Status.OPEN);
            case "done" -> Optional.of(Todo.Status.DONE);
            case "cancelled" -> Optional.of(Todo.Status.CANCELLED);
            default -> throw ApiError.badRequest("invalid_status", "'status' must be open, done or cancelled");
        };
    }

    static int id(String text) {
        if (text == null || !text.matches("[1-9]\\d{0,5}")) {
            throw ApiError.badRequest("invalid_id", "the todo id must be its line number (1 to 999999), not '"
                    + text + "'");
        }
        return Integer.parseInt(text);
    }

    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return 50;
        }
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 500) {
            throw ApiError.badRequest("invalid_limit", "'limit' must be a number from 1 to 500");
        }
        return Integer.parseInt(text);
    }

    static OptionalInt order(Todo t) {
        return t.extra().get("order").filter(JsonNode::canConvertToInt).map(n -> OptionalInt.of(n.asInt()))
                .orElse(OptionalInt.empty());
    }

    static String statusName(Todo t) {
        return t.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> json(Todo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("text", t.text());
        m.put("time", t.time().orElse(null));
        m.put("status", statusName(t));
        m.put("completed", t.completed());
        m.put("cancelled", t.cancelled());
        order(t).ifPresent(o -> m.put("order", o));
        t.extra().string("moved_to").ifPresent(v -> m.put("moved_to", v));
        t.extra().string("carried_from").ifPresent(v -> m.put("carried_from", v));
        t.createdAt().ifPresent(v -> m.put("created_at", v));
        t.updatedAt().ifPresent(v -> m.put("updated_at", v));
        return m;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static JsonNode array(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || !n.isArray()) {
            throw ApiError.badRequest("invalid_" + name, "'" + name + "' must be an array");
        }
        return n;
    }
}
