package dev.engram.observe.sense;

import dev.engram.app.App;
import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.MediaRepair;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sense pipeline as the {@code sense} service: for each {@code observe.observing} {day, segment, files} (or each
 * segment {@code engram sense} names), every file goes to its handler ({@link FileKind}): audio is transcribed
 * ({@link AudioTranscriber}), video read by OCR ({@link FrameReader}), JSONL checked ({@link TextCheck}). It emits
 * {@code observe.detected} when a media handler starts, {@code observe.transcribed} / {@code observe.described} when
 * its extract is written, and {@code observe.observed} {day, segment, duration, remote?/observer?, errors?} once every
 * file of the segment is done, failed or skipped: a segment is never left pending. Failures are also one
 * {@code health.notice} per segment (shown in Convey) and a warning in the log.
 *
 * <p>This class is the service's face (construction, start/stop, health, the public entry points); the pieces are
 * package-private: {@link Observing} reads the bus message, {@link Admission} admits or defers a segment,
 * {@link Handlers} runs its files and completes it ({@link SegmentRun}), {@link Repair} is {@link MediaRepair},
 * {@link SenseReport} counts and reports.
 *
 * <p><b>Threads:</b> {@link #observing} and {@link #process} only validate and queue (never block the bus). OCR runs
 * on one thread {@code sense-describe}, transcription on {@code transcribers} threads {@code sense-transcribe-N},
 * JSONL checks on {@code sense-check}; a segment's completion runs on the thread of its last file (or the admitting
 * one when every file was skipped or failed at once: {@link Handlers}). A segment is admitted whole when each of its
 * handlers' queues has room for its files (or is empty), else it is deferred ({@link Deferrals}: the deferral log,
 * bounded memory) and every segment after it too, so that they keep their order; each finished file drains the
 * deferred segments that fit again. While a burst of announced segments is still arriving, they are deferred too
 * and drained when it has been quiet for 250 ms (at most 10 s: {@link Admission}, {@code sense-timer}). Nothing is
 * failed for want of room; {@code deferred}, {@code held} and {@code drained} are counted and shown in health.
 */
public final class Sense implements Service, MediaRepair {
    private static final Logger LOG = LoggerFactory.getLogger(Sense.class);
    static final int DEFAULT_QUEUE = 1000;
    private final Journal journal;
    private final AudioTranscriber transcriber;
    private final int transcribers;
    private final SenseReport report;
    private final Admission admission;
    private final Handlers handlers;

    /**
     * @param transcribers how many transcriptions run at once (the journal's {@code sense.transcribe.concurrency})
     * @param queue        how many files each handler's queue holds
     */
    public Sense(Journal journal, Emitter emitter, AudioTranscriber transcriber, FrameReader reader, int transcribers,
                 int queue) {
        this(journal, emitter, transcriber, reader, transcribers, queue, null);
    }

    /**
     * @param deferralLog where segments announced on the bus wait while the queues are full (kept across restarts);
     *                    null to keep them in memory (a command that runs once)
     */
    public Sense(Journal journal, Emitter emitter, AudioTranscriber transcriber, FrameReader reader, int transcribers,
                 int queue, Path deferralLog) {
        if (transcribers < 1 || queue < 1) {
            throw new IllegalArgumentException("transcribers and queue must be positive");
        }
        this.journal = journal;
        this.report = new SenseReport(emitter);
        this.transcriber = transcriber;
        this.transcribers = transcribers;
        this.admission = new Admission(new Deferrals(deferralLog), queue, report, this::segment);
        this.handlers = new Handlers(journal, transcriber, reader, report, admission);
    }

    /**
     * The sense service of a journal: concurrency from its config, the default queue, segments deferred in
     * {@code health/sense-deferred.jsonl} (what a previous process left there is processed at start).
     */
    public static Sense forJournal(Journal journal, Emitter emitter, AudioTranscriber transcriber,
                                   FrameReader reader) {
        return create(journal, emitter, transcriber, reader, journal.healthFile("sense-deferred.jsonl"));
    }

    /**
     * Sense for a command that runs once ({@code engram sense}, {@code engram think}'s repair): as {@link #forJournal},
     * deferring in memory, never touching the service's deferral log.
     */
    public static Sense forCommand(Journal journal, Emitter emitter, AudioTranscriber transcriber,
                                   FrameReader reader) {
        return create(journal, emitter, transcriber, reader, null);
    }

    private static Sense create(Journal journal, Emitter emitter, AudioTranscriber transcriber, FrameReader reader,
                                Path deferralLog) {
        int n;
        try {
            n = SenseSettings.transcribe(journal, System::getenv).concurrency();
        } catch (RuntimeException e) {
            n = 2;
        }
        return new Sense(journal, emitter, transcriber, reader, n, DEFAULT_QUEUE, deferralLog);
    }

    /**
     * For a caller that lists every failed segment with its errors itself ({@code engram sense}): the service then
     * logs them at debug level, not as warnings that would repeat them on stderr. Notices are sent as before.
     */
    public void failuresListedByCaller() {
        report.callerListsFailures();
    }

    /** The app that feeds this service the bus's {@code observe.observing} events. */
    public App app() {
        return new SenseApp(this);
    }

    @Override
    public String name() {
        return "sense";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("bus-client");
    }

    @Override
    public synchronized void start() {
        if (admission.pools() == null) {
            Pools p = Pools.create(transcribers);
            long recovered = admission.open(p);
            if (recovered > 0) {
                LOG.info("sense: {} segment(s) deferred before the last stop wait in the deferral log; processing"
                        + " them now", recovered);
                p.check().execute(handlers::drain);
            }
        }
    }

    @Override
    public synchronized void stop() {
        Pools p = admission.unpublish();
        if (p == null) {
            return;
        }
        int abandoned = p.transcribe().getQueue().size() + p.describe().getQueue().size()
                + p.check().getQueue().size();
        boolean deferredLeft = admission.close();
        if (deferredLeft) {
            LOG.warn("sense stopped with deferred segments: those announced on the bus are processed at the next start"
                    + " (health/sense-deferred.jsonl)");
        }
        p.shutdownNow();
        try {
            // every thread, sense-check too: it runs the segments' completions, so an observe.observed of this
            // service cannot come after its stop returned
            if (!p.awaitTermination(10)) {
                LOG.warn("sense stopped, but a handler thread was still running after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (abandoned > 0 || report.running.get() > 0) {
            LOG.warn("sense stopped with {} file(s) queued and {} running: run engram sense --day D for their days",
                    abandoned, report.running.get());
        }
    }

    @Override
    public Health health() {
        Pools p = admission.pools();
        long recovered = admission.recovered();
        int queued = p == null ? 0 : p.transcribe().getQueue().size() + p.describe().getQueue().size();
        return report.health(p != null, queued, recovered, admission.holding(), transcriber.configured(),
                transcriber.howToConfigure());
    }

    /** An {@code observe.observing} message from the bus: checked and queued, never blocking. */
    public void observing(Message m) {
        Optional<Observing> o = Observing.of(m);
        if (o.isEmpty()) {
            report.reject("observe.observing without day, segment or files[]: ignored");
            return;
        }
        Optional<Segment> seg = segment(o.get().day(), o.get().segment());
        if (seg.isEmpty()) {
            report.reject("observe.observing for " + o.get().day() + "/" + o.get().segment()
                    + ": no such segment in the journal; ignored");
            return;
        }
        handlers.admit(seg.get(), o.get().files(), o.get().origin(), false, false, null);
    }

    void eventsDropped(long count) {
        report.eventsDropped(count);
    }

    /** The segment of a journal, or empty when the names are not a day and a segment or it does not exist. */
    public Optional<Segment> segment(String day, String segment) {
        try {
            Optional<SegmentKey> key = SegmentKey.tryParse(segment);
            return key.isEmpty() ? Optional.empty() : journal.days().segment(Day.parse(day), key.get());
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends each of {@code files} (names in the segment) to its handler; the future completes, after
     * {@code observe.observed} was emitted, with what happened. Media with an extract already beside it is skipped
     * unless {@code redo}. Never blocks; deferred while the queues are full.
     */
    public CompletableFuture<Outcome> process(Segment segment, List<String> files, Map<String, Object> origin,
                                              boolean redo, boolean batch) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        handlers.admit(segment, files, origin, redo, batch, future);
        return future;
    }

    @Override
    public boolean transcriptionConfigured() {
        return transcriber.configured();
    }

    @Override
    public String howToConfigure() {
        return transcriber.howToConfigure();
    }

    /** {@link MediaRepair}: the day's media without an extract beside it, per segment, as a batch. */
    @Override
    public CompletableFuture<MediaRepair.Result> repair(Day day) {
        return Repair.day(journal, this, day);
    }

    /**
     * What became of one segment.
     *
     * @param processed media whose extract was written
     * @param checked   JSONL files found valid
     * @param skipped   media already processed (an extract beside it) or already being processed
     * @param errors    {@code "<file>: <why>"} per failed file
     */
    public record Outcome(String day, String segment, List<String> processed, List<String> checked,
                          List<String> skipped,
                          List<String> errors, double seconds) {
    }
}
