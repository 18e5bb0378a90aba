package dev.engram.apps.settings;

import dev.engram.convey.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Typed, bounded reads of optional fields of a JSON request body; a wrong type or size is a 400. */
final class Fields {
    private Fields() {
    }

    static void onlyKnown(ObjectNode body, Set<String> known) {
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + name + "'; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }

    /** A string field, stripped, at most {@code max} characters and free of control characters (newlines only if allowed). */
    static Optional<String> text(ObjectNode body, String name, int max, boolean multiline) {
        JsonNode n = body.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be a string");
        }
        String s = wellFormed(name, n.stringValue()).strip();
        if (s.length() > max) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be at most " + max + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                throw ApiError.badRequest("invalid_field", "'" + name + "' must not contain control characters");
            }
        }
        return Optional.of(s);
    }

    /**
     * The text itself if it is well-formed UTF-16: a JSON {@code \\ud800} escape decodes to a lone surrogate, which
     * no UTF-8 file can hold (it would be saved as {@code ?}), so it is refused naming the field.
     */
    static String wellFormed(String name, String text) {
        return dev.engram.convey.Params.wellFormed(name, text);
    }

    static Optional<Boolean> bool(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be true or false");
        }
        return Optional.of(n.booleanValue());
    }

    /** A list of non-empty strings (blank items dropped, duplicates kept out), at most {@code maxItems}. */
    static Optional<List<String>> strings(ObjectNode body, String name, int maxItems, int maxLength) {
        JsonNode n = body.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isArray()) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isString()) {
                throw ApiError.badRequest("invalid_field", "'" + name + "' must be a list of strings");
            }
            String s = wellFormed(name, item.stringValue()).strip();
            if (s.length() > maxLength || s.chars().anyMatch(Character::isISOControl)) {
                throw ApiError.badRequest("invalid_field", "an item of '" + name + "' is too long or has control"
                        + " characters");
            }
            if (!s.isEmpty() && !out.contains(s)) {
                out.add(s);
            }
        }
        if (out.size() > maxItems) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' may hold at most " + maxItems + " items");
        }
        return Optional.of(out);
    }

    static ObjectNode object(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n != null && !(n instanceof ObjectNode)) {
            throw ApiError.badRequest("invalid_field", "'" + name + "' must be an object");
        }
        return (ObjectNode) n;
    }
}
