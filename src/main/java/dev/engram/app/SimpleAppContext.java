package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AppContext} over a journal, an {@link Emitter} and a {@link ServiceRegistry}; emit never throws. */
record SimpleAppContext(Journal journal, Emitter emitter, ServiceRegistry services) implements AppContext {
    private static final Logger LOG = LoggerFactory.getLogger(SimpleAppContext.class);

    SimpleAppContext {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(emitter, "emitter");
        Objects.requireNonNull(services, "services");
    }

    @Override
    public <T> Optional<T> findService(Class<T> type) {
        return services.find(type);
    }

    @Override
    public <T> T service(Class<T> type) {
        return services.service(type);
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
