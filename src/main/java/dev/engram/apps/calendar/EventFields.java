package dev.engram.apps.calendar;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation of the Calendar app's request fields: each failure is a 400 naming the field and what it must be.
 * An absent field is {@code Optional.empty()} (no change); for clearable fields {@code null} or {@code ""} is
 * {@code Optional.of(Optional.empty())}.
 */
final class EventFields {
    static final Set<String> KNOWN = Set.of("title", "day", "facet", "start", "end", "type", "summary", "details",
            "participants", "occurred");
    static final int MAX_TITLE = 200;
    static final int MAX_SUMMARY = 2000;
    static final int MAX_DETAILS = 10_000;
    static final int MAX_PARTICIPANTS = 50;
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?");
    private static final Pattern TYPE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,39}");
    private static final Pattern ID = Pattern.compile("([1-9]\\d{0,6})-([0-9a-f]{12})");

    /** An event's id in the API: its line in the day's file and the fingerprint of what that line held. */
    record Id(int line, String fingerprint) {
        static Id parse(String text) {
            var m = text == null ? null : ID.matcher(text);
            if (m == null || !m.matches()) {
                throw ApiError.badRequest("invalid_id", "invalid event id '" + Params.shown(text)
                        + "': expected <line>-<fingerprint> as the events API gives it");
            }
            return new Id(Integer.parseInt(m.group(1)), m.group(2));
        }

        @Override
        public String toString() {
            return line + "-" + fingerprint;
        }
    }

    private EventFields() {
    }

    static void onlyKnown(ObjectNode body) {
        for (String name : body.propertyNames()) {
            if (!KNOWN.contains(name)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + Params.shown(name) + "'; known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
    }

    static Optional<String> title(ObjectNode body, boolean required) {
        Optional<String> t = text(body, "title", MAX_TITLE, false, "invalid_title");
        if (required && t.isEmpty()) {
            throw ApiError.badRequest("invalid_title", "'title' is required: what is the event?");
        }
        return t;
    }

    static Optional<String> summary(ObjectNode body) {
        return clearable(body, "summary", MAX_SUMMARY, false);
    }

    static Optional<String> details(ObjectNode body) {
        return clearable(body, "details", MAX_DETAILS, true);
    }

    /** {@code type}: a short word such as meeting, call, appointment (letters, digits, spaces, '-', '_'). */
    static Optional<String> type(ObjectNode body) {
        Optional<String> t = text(body, "type", 40, false, "invalid_type");
        if (t.isPresent() && !TYPE.matcher(t.get()).matches()) {
            throw ApiError.badRequest("invalid_type", "'type' must be a short word such as meeting or appointment"
                    + " (letters, digits, spaces, '-' and '_', at most 40)");
        }
        return t;
    }

    static Optional<String> day(ObjectNode body) {
        JsonNode n = body.get("day");
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest("invalid_day", "'day' must be a string YYYYMMDD, e.g. 20240315");
        }
        return Optional.of(Params.day(n.asString()).key());
    }

    static Optional<String> facet(ObjectNode body) {
        JsonNode n = body.get("facet");
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest("invalid_facet", "'facet' must be a facet's name");
        }
        return Optional.of(Params.facet(n.asString()));
    }

    /** {@code HH:MM} or {@code HH:MM:SS}, stored as {@code HH:MM:SS}; null or "" clears it. */
    static Optional<Optional<String>> time(ObjectNode body, String field) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode n = body.get(field);
        if (n.isNull() || (n.isString() && n.asString().isEmpty())) {
            return Optional.of(Optional.empty());
        }
        if (!n.isString() || !TIME.matcher(n.asString()).matches()) {
            throw ApiError.badRequest("invalid_time", "'" + field + "' must be HH:MM or HH:MM:SS (00:00 to 23:59:59),"
                    + " or empty for none");
        }
        String t = n.asString();
        return Optional.of(Optional.of(t.length() == 5 ? t + ":00" : t));
    }

    /** The times together: an end needs a start and may not be before it. */
    static void checkTimes(Optional<String> start, Optional<String> end) {
        if (end.isPresent() && start.isEmpty()) {
            throw ApiError.badRequest("invalid_time", "an event with an 'end' needs a 'start'");
        }
        if (end.isPresent() && LocalTime.parse(end.get()).isBefore(LocalTime.parse(start.get()))) {
            throw ApiError.badRequest("invalid_time", "'end' (" + end.get() + ") is before 'start' (" + start.get()
                    + ")");
        }
    }

    static Optional<List<String>> participants(ObjectNode body) {
        JsonNode n = body.get("participants");
        if (n == null) {
            return Optional.empty();
        }
        if (n.isNull()) {
            return Optional.of(List.of());
        }
        if (!n.isArray() || n.size() > MAX_PARTICIPANTS) {
            throw ApiError.badRequest("invalid_participants", "'participants' must be a list of at most "
                    + MAX_PARTICIPANTS + " names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : n) {
            if (!p.isString() || p.asString().isBlank() || p.asString().length() > MAX_TITLE
                    || p.asString().lines().count() > 1) {
                throw ApiError.badRequest("invalid_participants", "each participant must be a one-line name of at"
                        + " most " + MAX_TITLE + " characters");
            }
            wellFormed("participants", p.asString());
            out.add(p.asString().strip());
        }
        return Optional.of(List.copyOf(out));
    }

    static Optional<Boolean> occurred(ObjectNode body) {
        JsonNode n = body.get("occurred");
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("invalid_occurred", "'occurred' must be true (it happened) or false (planned)");
        }
        return Optional.of(n.asBoolean());
    }

    private static Optional<String> clearable(ObjectNode body, String field, int max, boolean multiline) {
        JsonNode n = body.get(field);
        if (n != null && (n.isNull() || (n.isString() && n.asString().isBlank()))) {
            return Optional.of("");
        }
        return text(body, field, max, multiline, "invalid_" + field);
    }

    private static Optional<String> text(ObjectNode body, String field, int max, boolean multiline, String reason) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw ApiError.badRequest(reason, "'" + field + "' must be a string");
        }
        String t = n.asString().strip();
        if (t.isEmpty() || t.length() > max || (!multiline && (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0))) {
            throw ApiError.badRequest(reason, "'" + field + "' must be " + (multiline ? "" : "one line of ")
                    + "non-empty text of at most " + max + " characters");
        }
        wellFormed(field, t);
        return Optional.of(t);
    }

    /** Refuses a lone UTF-16 surrogate (a JSON escape without its pair): it could only be saved as '?'. */
    private static void wellFormed(String field, String text) {
        if (text.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            throw ApiError.badRequest("invalid_unicode", "'" + field + "' has a lone UTF-16 surrogate");
        }
    }
}
