package dev.engram.app;

import dev.engram.callosum.Message;

/**
 * Sends one message to the bus without blocking, as given by the composition root (usually the Callosum client's
 * non-blocking send). Returns false when the message could not be queued; delivery is best effort.
 */
@FunctionalInterface
public interface EventEmitter {
    boolean emit(Message message);

    /** An emitter that accepts nothing (always false), for running apps without a bus. */
    static EventEmitter none() {
        return message -> false;
    }
}
