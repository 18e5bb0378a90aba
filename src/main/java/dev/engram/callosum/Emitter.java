package dev.engram.callosum;

import java.util.Map;

/** Something that puts messages on the bus without blocking; {@code false} means the message was not queued. */
public interface Emitter {
    boolean emit(Message message);

    default boolean emit(String tract, String event, Map<String, ?> fields) {
        return emit(Message.of(tract, event, fields));
    }
}
