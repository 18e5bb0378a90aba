package dev.engram.callosum;

import java.util.Map;

/**
 * Something that puts messages on the bus without blocking (usually {@link CallosumClient}); {@code false} means the
 * message was not queued. Delivery is best effort.
 */
@FunctionalInterface
public interface Emitter {
    boolean emit(Message message);

    default boolean emit(String tract, String event, Map<String, ?> fields) {
        return emit(Message.of(tract, event, fields));
    }

    /** An emitter that accepts nothing (always false), for running without a bus. */
    static Emitter none() {
        return message -> false;
    }
}
