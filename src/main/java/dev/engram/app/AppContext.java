package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Journal;
import java.util.Map;
import java.util.Optional;

/**
 * What an app (and its handlers, through {@link EventContext#context()}) gets: the journal, a non-blocking emit, the
 * typed services and the shared scheduler. The composition root makes one for all apps.
 */
public interface AppContext {
    Journal journal();

    /**
     * Emits a bus event without blocking; returns false when it could not be queued (bus down or queue full).
     * Delivery is best effort, as on the reference bus.
     */
    boolean emit(String tract, String event, Map<String, ?> fields);

    /** The registered service of this type, if any (see {@link ServiceRegistry}). */
    default <T> Optional<T> findService(Class<T> type) {
        return Optional.empty();
    }

    /**
     * The registered service of this type, e.g. {@code context.service(Searcher.class)}; throws
     * {@link ServiceException} naming the type and what is registered when there is none.
     */
    default <T> T service(Class<T> type) {
        return findService(type).orElseThrow(() -> new ServiceException("no " + type.getName()
                + " is registered with this app context; register it in the composition root (boot), or use"
                + " findService for an optional one"));
    }

    /** The shared {@link Scheduler}; throws {@link ServiceException} when none is registered. */
    default Scheduler scheduler() {
        return service(Scheduler.class);
    }

    /**
     * A context with the journal and an emitter and no services. Its {@link #emit} builds a
     * {@link dev.engram.callosum.Message} and returns false (never throws) when the message is invalid or the emitter
     * fails.
     */
    static AppContext of(Journal journal, Emitter emitter) {
        return new SimpleAppContext(journal, emitter, new ServiceRegistry());
    }

    /** The standard context of the composition root: the journal, the bus emitter and the service registry. */
    static AppContext of(Journal journal, Emitter emitter, ServiceRegistry services) {
        return new SimpleAppContext(journal, emitter, services);
    }
}
