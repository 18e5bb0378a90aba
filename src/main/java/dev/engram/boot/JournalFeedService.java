package dev.engram.boot;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChange;
import dev.engram.journal.JournalChanges;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code journal-feed} service: puts every change of the journal's change feed on the bus as
 * {@code {"tract":"journal","event":"changed","kind":..,"path":..,"day":..,"facet":..,"origin":..}} (contract of the change
 * feed; {@code origin} names the announcing journal, {@code <pid>-<n>}, so a receiver skips its own changes),
 * so other processes and open browser pages follow the journal. A {@code missed} change (the feed dropped changes for
 * this subscriber) goes out too: receivers should rescan. Messages the bus client could not take are counted and shown
 * in health.
 *
 * <p>Changes of kind {@code app_file} (a file under {@code apps/<app>/}, an app's own storage: e.g. ingest's upload
 * history, two lines per upload) stay in process and are not put on the bus: no page or other process follows
 * another app's private files, and an app that reacts to its own files subscribes to {@code journal.changes()} in
 * process. They are counted in health ({@code kept_in_process}). A committed segment is one {@code segment} change
 * (see {@code StagedSegment.commit}), so the bus carries one message per upload instead of one per file and line.
 */
final class JournalFeedService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFeedService.class);
    private final Journal journal;
    private final Emitter bus;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong keptInProcess = new AtomicLong();
    private volatile JournalChanges.Subscription subscription;

    JournalFeedService(Journal journal, Emitter bus) {
        this.journal = journal;
        this.bus = bus;
    }

    @Override
    public String name() {
        return "journal-feed";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("bus-client");
    }

    @Override
    public void start() {
        subscription = journal.changes().subscribe(this::publish);
    }

    private void publish(JournalChange change) {
        if (change.kind() == JournalChange.Kind.APP_FILE) {
            keptInProcess.incrementAndGet();
            return;
        }
        if (bus.emit(message(change, journal.changes().origin()))) {
            sent.incrementAndGet();
        } else if (refused.incrementAndGet() == 1) {
            LOG.warn("the bus client refused a journal.changed event ({}); later refusals are counted in /health",
                    change.path());
        }
    }

    /**
     * The bus event of one change: {@code journal.changed} with the change's fields and {@code origin}, the
     * announcing journal's {@link dev.engram.journal.JournalChanges#origin()} (receivers skip their own).
     */
    static Message message(JournalChange change, String origin) {
        java.util.Map<String, Object> fields = change.fields();
        fields.put("origin", origin);
        return Message.of("journal", "changed", fields);
    }

    @Override
    public void stop() {
        JournalChanges.Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public Health health() {
        if (subscription == null) {
            return Health.down("not started");
        }
        Health h = refused.get() == 0 ? Health.up("journal changes go to the bus")
                : Health.degraded(refused.get() + " journal change(s) could not be put on the bus");
        return h.withFacts(java.util.Map.of("sent", sent.get(), "refused", refused.get(),
                "feed_dropped", journal.changes().dropped(), "kept_in_process", keptInProcess.get()));
    }
}
