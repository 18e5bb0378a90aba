package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import dev.engram.observe.api.Observer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every observer's display counters ({@link Stats}, loaded on first use) and the {@link Observer} view that combines
 * them with a key record. Thread-safe: each {@link Stats} is its own monitor.
 */
final class Counters {
    private static final Logger LOG = LoggerFactory.getLogger(Counters.class);
    private final Journal journal;
    private final History history;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    Counters(Journal journal, History history) {
        this.journal = journal;
        this.history = history;
    }

    /**
     * The observer's counters, loaded on first use (from the counters file and the history, {@link Stats#load}): call
     * it before writing a history line of that observer, so the load does not count the line that is then counted.
     */
    Stats of(String prefix) {
        return stats.computeIfAbsent(prefix, p -> Stats.load(journal, history, p));
    }

    Observer view(KeyStore.Rec r) {
        Stats s = of(r.prefix());
        synchronized (s) {
            return new Observer(r.prefix(), r.name(), r.createdAt(), r.enabled(), r.revoked(), r.revokedAt(),
                    s.lastSeen, s.lastSegment, s.segmentsReceived, s.bytesReceived, s.segmentsObserved,
                    s.duplicatesRejected);
        }
    }

    /** Notes a change (saved at most every {@link Stats#SAVE_EVERY_MS}); a failure throws. */
    void changed(Stats s) {
        s.changed(journal);
    }

    /** Saves display counters; a failure only delays them (the history is the record), so it is logged. */
    void changedQuietly(Stats s) {
        try {
            s.changed(journal);
        } catch (RuntimeException e) {
            LOG.warn("observer counters could not be saved ({}); they are saved again with the next change",
                    e.getMessage());
        }
    }

    /** Writes every observer's counters (at stop). */
    void saveAll() {
        stats.values().forEach(s -> s.save(journal));
    }
}
