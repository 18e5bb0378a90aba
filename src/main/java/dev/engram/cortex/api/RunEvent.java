package dev.engram.cortex.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a run in the reference schema (spec §6): {@code event}, {@code ts} (ms), {@code agent_id} and the
 * event's own fields ({@code prompt}, {@code persona}, {@code model}, {@code tool}, {@code args}, {@code result},
 * {@code call_id}, {@code usage}, {@code error}...) as plain JSON values (strings, numbers, booleans, lists, maps).
 */
public record RunEvent(String event, long ts, String agentId, Map<String, Object> fields) {
    public RunEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(agentId, "agentId");
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The line as the reference writes it: {@code {event, ts, agent_id, ...fields}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("ts", ts);
        m.put("agent_id", agentId);
        fields.forEach((k, v) -> {
            if (!m.containsKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** A field as text, or {@code ""}. */
    public String text(String name) {
        Object v = fields.get(name);
        return v == null ? "" : String.valueOf(v);
    }

    /** Whether this event ends a run ({@code finish} or {@code error}). */
    public boolean ends() {
        return event.equals("finish") || event.equals("error");
    }
}
