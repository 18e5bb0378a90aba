package dev.engram.apps.entities;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityPromotion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validation of the Entities app's request fields (each failure a 400 naming the field) and an entity's JSON. */
final class EntityFields {
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;

    private EntityFields() {
    }

    static void onlyKnown(ObjectNode body, Set<String> known) {
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + name + "'; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A name or aka: one non-empty line of at most {@link #MAX_NAME} characters. */
    static Optional<String> name(ObjectNode body, String field, boolean required) {
        Optional<String> s = string(body, field, required, "invalid_" + field);
        s.ifPresent(v -> {
            if (v.isEmpty() || v.length() > MAX_NAME || v.chars().anyMatch(Character::isISOControl)) {
                throw ApiError.badRequest("invalid_" + field, "'" + field + "' must be one non-empty line of at most "
                        + MAX_NAME + " characters");
            }
        });
        return s;
    }

    /** The reference's type rule: 3 to 64 letters, digits or spaces. */
    static Optional<String> type(ObjectNode body, boolean required) {
        Optional<String> s = string(body, "type", required, "invalid_type");
        s.ifPresent(v -> {
            if (!Entity.TYPE_RULE.matcher(v).matches()) {
                throw ApiError.badRequest("invalid_type", "'type' must be 3 to 64 letters, digits or spaces (e.g."
                        + " Person, Company, Project), not '" + Params.shown(v) + "'");
            }
        });
        return s;
    }

    /** At most {@link #MAX_DESCRIPTION} characters, may be empty; line breaks allowed. */
    static Optional<String> description(ObjectNode body) {
        Optional<String> s = string(body, "description", false, "invalid_description");
        s.ifPresent(v -> {
            if (v.length() > MAX_DESCRIPTION || v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
                throw ApiError.badRequest("invalid_description", "'description' must be at most " + MAX_DESCRIPTION
                        + " characters of text");
            }
        });
        return s;
    }

    private static Optional<String> string(ObjectNode body, String field, boolean required, String reason) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiError.badRequest(reason, "'" + field + "' is required");
            }
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest(reason, "'" + field + "' must be a string");
        }
        return Optional.of(Params.wellFormed(field, n.asString()).strip());
    }

    /** {@code ?days=}: how many days of detections to list, 1 to 366 (default 30). */
    static int days(String text) {
        if (text == null || text.isEmpty()) {
            return EntityPromotion.DEFAULT_WINDOW_DAYS;
        }
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) < 1
                || Integer.parseInt(text) > EntityPromotion.MAX_WINDOW_DAYS) {
            throw ApiError.badRequest("invalid_days", "'days' must be a number from 1 to "
                    + EntityPromotion.MAX_WINDOW_DAYS);
        }
        return Integer.parseInt(text);
    }

    /** {@code ?name=}: the entity's name, required. */
    static String nameParam(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_NAME) {
            throw ApiError.badRequest("invalid_name", "'name' must name the entity (at most " + MAX_NAME
                    + " characters)");
        }
        return Params.wellFormed("name", text).strip();
    }

    static Map<String, Object> json(Entity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("name", e.name());
        m.put("description", e.description());
        m.put("aka", e.aka());
        m.put("detached", e.detached());
        e.attachedAt().ifPresent(v -> m.put("attached_at", v));
        e.updatedAt().ifPresent(v -> m.put("updated_at", v));
        e.extra().get("promoted_from").filter(JsonNode::isArray).ifPresent(v -> {
            List<String> days = new java.util.ArrayList<>();
            v.forEach(d -> days.add(d.asString("")));
            m.put("promoted_from", days);
        });
        return m;
    }

    static Map<String, Object> json(EntityPromotion.Sighting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type());
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("aka", s.aka());
        m.put("days", s.days().size());
        m.put("first_seen", s.days().getFirst().key());
        m.put("last_seen", s.lastSeen().key());
        return m;
    }

    static List<String> keys(List<Day> days) {
        return days.stream().map(Day::key).toList();
    }
}
