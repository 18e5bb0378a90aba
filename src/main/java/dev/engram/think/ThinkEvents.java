package dev.engram.think;

import java.util.Map;

/** Emits a {@code think.<event>} bus event (best effort; Engram passes the bus client's emit). */
@FunctionalInterface
public interface ThinkEvents {
    void emit(String event, Map<String, ?> fields);
}
