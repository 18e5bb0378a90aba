package dev.engram.cortex.tools;

import dev.engram.journal.Day;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A call's arguments after {@link Schema#validate}: only declared names, each of its declared type. Immutable. */
final class Args {
    private final String tool;
    private final ObjectNode values;

    Args(String tool, ObjectNode values) {
        this.tool = tool;
        this.values = values;
    }

    boolean has(String name) {
        return values.has(name);
    }

    String string(String name) {
        return optString(name).orElseThrow(() -> new ToolArgException(tool + ": '" + name + "' is required"));
    }

    Optional<String> optString(String name) {
        JsonNode v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.stringValue());
    }

    /** A required string that is not blank. */
    String text(String name) {
        String s = string(name).strip();
        if (s.isEmpty()) {
            throw new ToolArgException(tool + ": '" + name + "' must not be empty");
        }
        return s;
    }

    int integer(String name, int fallback) {
        JsonNode v = values.get(name);
        return v == null ? fallback : v.intValue();
    }

    int integer(String name) {
        JsonNode v = values.get(name);
        if (v == null) {
            throw new ToolArgException(tool + ": '" + name + "' is required");
        }
        return v.intValue();
    }

    Optional<Boolean> bool(String name) {
        JsonNode v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.booleanValue());
    }

    Day day(String name) {
        return Day.parse(string(name));
    }

    Optional<Day> optDay(String name) {
        return optString(name).map(Day::parse);
    }

    /** The arguments as given (validated), for the action log. */
    ObjectNode json() {
        return values.deepCopy();
    }
}
