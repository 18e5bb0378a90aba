package dev.engram.journal;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One todo in {@code facets/<f>/todos/YYYYMMDD.jsonl}. Its {@link #id()} is its 1-based line number in that file,
 * which never changes: lines are only appended or rewritten in place, never removed.
 */
public record Todo(int id, String text, Optional<String> time, boolean completed, boolean cancelled,
                   OptionalLong createdAt, OptionalLong updatedAt, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("todo", 1,
            "line number = id; text, time (HH:MM), completed, cancelled, created_at/updated_at (ms)", false);
    private static final Set<String> KNOWN = Set.of("text", "time", "completed", "cancelled", "created_at", "updated_at");

    public enum Status { OPEN, DONE, CANCELLED }

    public Todo {
        if (text == null || text.isBlank()) {
            throw new JournalException("todo has no 'text'");
        }
        time = time == null ? Optional.empty() : time;
        createdAt = createdAt == null ? OptionalLong.empty() : createdAt;
        updatedAt = updatedAt == null ? OptionalLong.empty() : updatedAt;
        extra = extra == null ? Extra.empty() : extra;
    }

    /** A new open todo; its id is assigned when it is appended. */
    public static Todo open(String text, Optional<String> time, long nowMillis) {
        return new Todo(0, text, time, false, false, OptionalLong.of(nowMillis), OptionalLong.of(nowMillis),
                Extra.empty());
    }

    public Status status() {
        return cancelled ? Status.CANCELLED : completed ? Status.DONE : Status.OPEN;
    }

    public Todo withCompleted(boolean done, long nowMillis) {
        return new Todo(id, text, time, done, cancelled, createdAt, OptionalLong.of(nowMillis), extra);
    }

    public Todo withCancelled(boolean isCancelled, long nowMillis) {
        return new Todo(id, text, time, completed, isCancelled, createdAt, OptionalLong.of(nowMillis), extra);
    }

    public Todo withText(String newText, Optional<String> newTime, long nowMillis) {
        return new Todo(id, newText, newTime, completed, cancelled, createdAt, OptionalLong.of(nowMillis), extra);
    }

    Todo withId(int newId) {
        return new Todo(newId, text, time, completed, cancelled, createdAt, updatedAt, extra);
    }

    static final RecordCodec<Todo> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public Todo decode(ObjectNode o) {
            return new Todo(0, Json.string(o, "text", ""), Json.string(o, "time"), Json.bool(o, "completed"),
                    Json.bool(o, "cancelled"), Json.longValue(o, "created_at"), Json.longValue(o, "updated_at"),
                    Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(Todo t) {
            ObjectNode o = Json.object();
            o.put("text", t.text());
            Json.putIfPresent(o, "time", t.time());
            o.put("completed", t.completed());
            if (t.cancelled()) {
                o.put("cancelled", true);
            }
            Json.putIfPresent(o, "created_at", t.createdAt());
            Json.putIfPresent(o, "updated_at", t.updatedAt());
            t.extra().writeTo(o);
            return o;
        }
    };
}
