package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AppContext} over a journal and an {@link Emitter}; emit never throws. */
record SimpleAppContext(Journal journal, Emitter emitter) implements AppContext {
    private static final Logger LOG = LoggerFactory.getLogger(SimpleAppContext.class);

    SimpleAppContext {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(emitter, "emitter");
    }

    @Override
    public boolean emit(String tract, String event, Map<String, ?> fields) {
        try {
            return emitter.emit(Message.of(tract, event, fields));
        } catch (RuntimeException e) {
            LOG.warn("could not emit {}/{}: {}", tract, event, e.toString());
            return false;
        }
    }
}
