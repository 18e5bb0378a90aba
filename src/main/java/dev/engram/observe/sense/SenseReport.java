package dev.engram.observe.sense;

import dev.engram.app.Health;
import dev.engram.callosum.Emitter;
import dev.engram.journal.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What sense tells the world about itself: its counters, its bus messages (each emit's answer honoured: a message
 * the bus did not queue is counted as {@code emits_dropped}, logged the first and every 100th time, and shown in
 * health for 10 minutes), a failed segment's warning and {@code health.notice}, and the service's {@link Health}.
 * Thread-safe (atomics and volatile fields); the pipeline itself is {@link Sense}.
 */
final class SenseReport {
    private static final Logger LOG = LoggerFactory.getLogger(Sense.class);
    private static final long FAILURE_SHOWN_NANOS = TimeUnit.MINUTES.toNanos(10);
    static final long SETUP_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final Emitter emitter;
    final AtomicLong segments = new AtomicLong();
    final AtomicLong filesDone = new AtomicLong();
    final AtomicLong filesFailed = new AtomicLong();
    final AtomicLong filesSkipped = new AtomicLong();
    /** Files that failed only because what they need is not configured (no transcription endpoint). */
    final AtomicLong filesAwaitingSetup = new AtomicLong();
    final AtomicLong segmentsAwaitingSetup = new AtomicLong();
    /** Segments deferred because the queues were full, and deferred segments observed since (start-up's included). */
    final AtomicLong deferred = new AtomicLong();
    final AtomicLong drained = new AtomicLong();
    /** Of the deferred: segments held back while a burst of them was still arriving ({@link Admission}). */
    final AtomicLong held = new AtomicLong();
    final AtomicLong rejectedEvents = new AtomicLong();
    /** Messages the emitter said it did not queue ({@code emit} false: bus down or its queue full). */
    final AtomicLong emitsDropped = new AtomicLong();
    /** Events the app's lane dropped before sense saw them. */
    final AtomicLong laneDropped = new AtomicLong();
    final AtomicInteger running = new AtomicInteger();
    private volatile String lastDrop = "";
    private volatile long lastDropNanos;
    private volatile long lastFailureNanos;
    private volatile String lastFailure = "";
    private volatile long lastSetupNoticeNanos;
    private final LongSupplier nanoClock;
    private long lastSetupLogNanos; // guarded by this
    private boolean setupLogged; // guarded by this
    /** The caller lists each failure itself ({@code engram sense}): the log then repeats none of them as warnings. */
    private volatile boolean callerLists;

    SenseReport(Emitter emitter) {
        this(emitter, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime} but in tests */
    SenseReport(Emitter emitter, LongSupplier nanoClock) {
        this.emitter = emitter;
        this.nanoClock = nanoClock;
    }

    /**
     * The service's health: down when not running, degraded for 10 minutes after a failed file or a dropped bus
     * message, else up (saying so when transcription is not configured); with every counter as a fact.
     */
    Health health(boolean started, int queued, long recovered, boolean holding, boolean transcriptionConfigured,
                  String howToConfigure) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("segments", segments.get());
        facts.put("files_done", filesDone.get());
        facts.put("files_failed", filesFailed.get());
        facts.put("files_skipped", filesSkipped.get());
        facts.put("files_awaiting_setup", filesAwaitingSetup.get());
        facts.put("running", running.get());
        facts.put("queued", queued);
        facts.put("deferred", deferred.get());
        facts.put("drained", drained.get());
        facts.put("held", held.get());
        facts.put("holding_burst", holding);
        long waiting = Math.max(0, deferred.get() + recovered - drained.get());
        facts.put("deferred_waiting", waiting);
        facts.put("deferred_recovered", recovered);
        facts.put("rejected_events", rejectedEvents.get());
        facts.put("lane_dropped", laneDropped.get());
        facts.put("emits_dropped", emitsDropped.get());
        facts.put("transcription_configured", transcriptionConfigured);
        Health h;
        if (!started) {
            h = Health.down("not running");
        } else if (lastFailureNanos != 0 && System.nanoTime() - lastFailureNanos < FAILURE_SHOWN_NANOS) {
            h = Health.degraded("a file failed in the last 10 minutes: " + lastFailure);
        } else if (lastDropNanos != 0 && System.nanoTime() - lastDropNanos < FAILURE_SHOWN_NANOS) {
            h = Health.degraded(emitsDropped.get() + " bus message(s) were not sent in the last 10 minutes (last: "
                    + lastDrop + "): the index and think missed them; run engram sense --day D --redo to announce"
                    + " those segments again");
        } else if (!transcriptionConfigured) {
            h = Health.up("audio is not transcribed until an endpoint is configured: " + howToConfigure);
        } else {
            h = Health.up();
        }
        if (started && deferred.get() + recovered > 0) { // said in engram status, which prints the detail
            String d = "deferred " + deferred.get() + " segment(s) (" + held.get() + " held back during a burst of"
                    + " uploads, the others while its queues were full)"
                    + (recovered > 0 ? " (+" + recovered + " found at start)" : "") + ", drained " + drained.get()
                    + (waiting > 0 ? ", " + waiting + " waiting" : "");
            h = new Health(h.state(), h.detail() == null || h.detail().isEmpty() ? d : h.detail() + "; " + d,
                    h.facts());
        }
        return h.withFacts(facts);
    }

    /** An event sense ignores (counted as {@code rejected_events}, logged). */
    void reject(String why) {
        rejectedEvents.incrementAndGet();
        LOG.warn("sense: {}", why);
    }

    /**
     * The caller lists every failed segment with its errors ({@code engram sense} prints them): the per-segment
     * warnings go to the debug log instead of repeating them on stderr (with advice to run the command running).
     */
    void callerListsFailures() {
        callerLists = true;
    }

    /** The level of a per-segment failure's log line. */
    private Level failureLevel() {
        return callerLists ? Level.DEBUG : Level.WARN;
    }

    void eventsDropped(long count) {
        laneDropped.addAndGet(count);
        notice("warn", count + " observe.observing event(s) were dropped before sense saw them: run engram sense"
                + " --day D for today to catch up");
    }

    /**
     * Some files of a segment failed: remembered for health, logged, and a {@code health.notice} saying what to do
     * ({@link #advice}).
     */
    void segmentFailed(Segment segment, List<String> errors, List<Remedy> remedies) {
        String where = segment.id();
        lastFailure = where + ": " + errors.getFirst();
        lastFailureNanos = System.nanoTime();
        String advice = advice(segment, remedies);
        LOG.atLevel(failureLevel()).log("sense: {} file(s) of {} failed: {}; {}", errors.size(), where, errors,
                advice);
        notice("warn", "segment " + where + ": " + errors.size() + " file(s) failed (" + errors.getFirst() + "); "
                + advice);
    }

    /**
     * What to do about a segment's failures: the first one's {@link Remedy} when a retry alone cannot fix it (then
     * retrying the others, when some may be fixed so), else retrying the segment.
     */
    static String advice(Segment segment, List<Remedy> remedies) {
        String retry = "engram sense --day " + segment.day().key() + " --segment " + segment.key().key();
        Remedy first = remedies.isEmpty() ? null : remedies.getFirst();
        if (first == null) {
            return "retry with " + retry;
        }
        boolean othersRetried = remedies.stream().anyMatch(Objects::isNull);
        return first.advice(retry) + (othersRetried ? "; retry the other failures with " + retry : "");
    }

    /**
     * Every failed file of a segment failed only because the owner has not configured what it needs (audio without a
     * transcription endpoint): the same cause for every segment, so it is not a new failure each time. Counted
     * ({@code files_awaiting_setup}, in health), logged the first time and then at most once a minute with the
     * counts, and one {@code health.notice} an hour at most; the segment's {@code observe.observed} still carries
     * its errors.
     */
    void segmentAwaitingSetup(Segment segment, List<String> errors) {
        long n = segmentsAwaitingSetup.incrementAndGet();
        String how = errors.getFirst() + "; once configured, the daily run repairs them, or engram sense --day "
                + segment.day().key();
        long now = nanoClock.getAsLong();
        boolean log;
        synchronized (this) {
            log = !setupLogged || now - lastSetupLogNanos >= SETUP_LOG_EVERY_NANOS;
            if (log) {
                setupLogged = true;
                lastSetupLogNanos = now;
            }
        }
        if (log) {
            LOG.atLevel(failureLevel()).log("sense: {} segment(s) so far not fully processed, {} file(s) waiting"
                    + " for setup (last {}): {}", n, filesAwaitingSetup.get(), segment.id(), how);
        }
        if (lastSetupNoticeNanos == 0 || now - lastSetupNoticeNanos > TimeUnit.HOURS.toNanos(1)) {
            lastSetupNoticeNanos = now;
            notice("warn", "media waits for setup (segment " + segment.id() + "): " + how);
        }
    }

    void notice(String level, String message) {
        sent("health", "notice", Map.of("source", "observe.sense", "level", level, "message", message));
    }

    void emit(String event, Map<String, Object> fields) {
        sent("observe", event, fields);
    }

    /**
     * Emits and honours the answer: {@code false} means the message was not queued (no bus, or its queue full), so
     * it is counted ({@code emits_dropped}), logged as a warning (the first, then every 100th) and shown in health.
     */
    private void sent(String tract, String event, Map<String, ?> fields) {
        if (emitter.emit(tract, event, fields)) {
            return;
        }
        long n = emitsDropped.incrementAndGet();
        lastDrop = tract + "." + event + " " + fields.get("day") + "/" + fields.get("segment");
        lastDropNanos = System.nanoTime();
        if (n == 1 || n % 100 == 0) {
            LOG.warn("sense: the bus did not take {} ({} dropped so far): those who react to it missed it", lastDrop,
                    n);
        }
    }
}
