package dev.engram.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Service} is doing: a state, one line of detail for people, and optional facts (counters) for
 * {@code /health} and {@code engram status}. Never put secrets (passwords, tokens, keys) in the detail or the facts:
 * they are shown and written to {@code health/engram.json}.
 *
 * @param state  up, degraded (working, but something needs attention) or down
 * @param detail a short explanation, empty when there is nothing to say
 * @param facts  named numbers or short texts (e.g. {@code "dropped": 3}); iteration order is kept
 */
public record Health(State state, String detail, Map<String, Object> facts) {
    /** From best to worst; {@link #worst} picks the later one. */
    public enum State {
        UP, DEGRADED, DOWN;

        /** The lower-case name used in JSON: {@code up}, {@code degraded}, {@code down}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public State worst(State other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    public Health {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static Health up() {
        return new Health(State.UP, "", Map.of());
    }

    public static Health up(String detail) {
        return new Health(State.UP, detail, Map.of());
    }

    public static Health degraded(String detail) {
        return new Health(State.DEGRADED, detail, Map.of());
    }

    public static Health down(String detail) {
        return new Health(State.DOWN, detail, Map.of());
    }

    /** The same health with these facts. */
    public Health withFacts(Map<String, ?> more) {
        return new Health(state, detail, new LinkedHashMap<>(more));
    }
}
