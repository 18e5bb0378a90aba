package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import java.util.Map;

/** What an app gets at start: the journal and a way to emit bus events. */
public interface AppContext {
    Journal journal();

    /**
     * Emits a bus event without blocking; returns false when it could not be queued (bus down or queue full).
     * Delivery is best effort, as on the reference bus.
     */
    boolean emit(String tract, String event, Map<String, ?> fields);

    /**
     * The standard context: the journal and an emitter from the composition root. Its {@link #emit} builds a
     * {@link dev.engram.callosum.Message} and returns false (never throws) when the message is invalid or the emitter
     * fails.
     */
    static AppContext of(Journal journal, Emitter emitter) {
        return new SimpleAppContext(journal, emitter);
    }
}
