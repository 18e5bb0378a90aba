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
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.MediaRepair;
import dev.engram.observe.api.SenseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The sense pipeline as the {@code sense} service: for each {@code observe.observing} {day, segment, files} (or each
 * segment {@code engram sense} names), every file goes to its handler ({@link FileKind}): audio is transcribed
 * ({@link AudioTranscriber}), video read by OCR ({@link FrameReader}), JSONL checked ({@link TextCheck}). It emits
 * {@code observe.detected} when a media handler starts, {@code observe.transcribed} / {@code observe.described} when
 * its extract is written, and {@code observe.observed} {day, segment, duration, remote?/observer?, errors?} once every
 * file of the segment is done, failed or skipped: a segment is never left pending. Failures are also one
 * {@code health.notice} per segment (shown in Convey) and a warning in the log.
 *
 * <p><b>Threads:</b> {@link #observing} and {@link #process} only validate and queue (never block the bus). OCR runs
 * on one thread {@code sense-describe}, transcription on {@code transcribers} threads {@code sense-transcribe-N},
 * checks and the segment's completion on {@code sense-check}. A segment is admitted whole when each of its
 * handlers' queues has room for its files (or is empty), else it is deferred ({@link Deferrals}: the deferral log,
 * bounded memory) and every segment after it too, so that they keep their order; each finished file drains the
 * deferred segments that fit again. Nothing is failed for want of room; {@code deferred} and {@code drained} are
 * counted and shown in health.
 */
public final class Sense implements Service, MediaRepair {
    private static final Logger LOG = LoggerFactory.getLogger(Sense.class);
    static final int DEFAULT_QUEUE = 1000;
    private final Journal journal;
    private final AudioTranscriber transcriber;
    private final FrameReader reader;
    private final int transcribers;
    private final int queue;
    private final SenseReport report;
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
    private final Object admission = new Object();
    private final Deferrals deferrals; // guarded by admission
    private volatile Pools pools;

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
        this.reader = reader;
        this.transcribers = transcribers;
        this.queue = queue;
        this.deferrals = new Deferrals(deferralLog);
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
            n = SenseSettings.read(journal, System::getenv).transcribe().concurrency();
        } catch (RuntimeException e) {
            n = 2;
        }
        return new Sense(journal, emitter, transcriber, reader, n, DEFAULT_QUEUE, deferralLog);
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
        if (pools == null) {
            Pools p = Pools.create(transcribers);
            long recovered;
            synchronized (admission) {
                recovered = deferrals.open();
                pools = p;
            }
            if (recovered > 0) {
                LOG.info("sense: {} segment(s) deferred before the last stop wait in the deferral log; processing"
                        + " them now", recovered);
                p.check().execute(this::drain);
            }
        }
    }

    @Override
    public synchronized void stop() {
        Pools p = pools;
        pools = null;
        if (p == null) {
            return;
        }
        int abandoned = p.transcribe().getQueue().size() + p.describe().getQueue().size()
                + p.check().getQueue().size();
        boolean deferredLeft;
        synchronized (admission) {
            deferredLeft = !deferrals.isEmpty();
            deferrals.close();
        }
        if (deferredLeft) {
            LOG.warn("sense stopped with deferred segments: those announced on the bus are processed at the next start"
                    + " (health/sense-deferred.jsonl)");
        }
        p.shutdownNow();
        try {
            p.transcribe().awaitTermination(5, TimeUnit.SECONDS);
            p.describe().awaitTermination(5, TimeUnit.SECONDS);
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
        Pools p = pools;
        long recovered;
        synchronized (admission) {
            recovered = deferrals.recovered();
        }
        int queued = p == null ? 0 : p.transcribe().getQueue().size() + p.describe().getQueue().size();
        return report.health(p != null, queued,
                recovered, transcriber.configured(), transcriber.howToConfigure());
    }

    /** An {@code observe.observing} message from the bus: checked and queued, never blocking. */
    public void observing(Message m) {
        Optional<String> day = m.string("day");
        Optional<String> segment = m.string("segment");
        Optional<JsonNode> files = m.get("files");
        if (day.isEmpty() || segment.isEmpty() || files.isEmpty() || !files.get().isArray()) {
            report.reject("observe.observing without day, segment or files[]: ignored");
            return;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode f : files.get()) {
            if (f.isString()) {
                names.add(f.stringValue());
            }
        }
        Map<String, Object> origin = new LinkedHashMap<>();
        for (String k : List.of("remote", "observer", "stream")) {
            m.string(k).ifPresent(v -> origin.put(k, v));
        }
        Optional<Segment> seg = segment(day.get(), segment.get());
        if (seg.isEmpty()) {
            report.reject("observe.observing for " + day.get() + "/" + segment.get() + ": no such segment in the journal;"
                    + " ignored");
            return;
        }
        admit(seg.get(), names, origin, false, false, null);
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
        admit(segment, files, origin, redo, batch, future);
        return future;
    }

    /** Starts the segment now when its files fit the queues and nothing waits before it, else defers it. */
    private void admit(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
                       CompletableFuture<Outcome> future) {
        synchronized (admission) {
            Pools p = pools;
            if (p != null && (!deferrals.isEmpty() || !p.fits(files, queue))) {
                deferrals.add(new Deferrals.Entry(segment.day().key(), segment.key().key(), List.copyOf(files),
                        Map.copyOf(origin), redo, batch, future, -1));
                report.deferred.incrementAndGet();
                return;
            }
            run(segment, files, origin, redo, batch, future, false, -1);
        }
    }

    /**
     * Starts the deferred segments, in order, while they fit. Called after each file a handler finished (so it runs
     * on sense's threads) and at start; it stops at the first one that does not fit, which only happens while some
     * queue holds files, whose end drains again.
     */
    void drain() {
        synchronized (admission) {
            Pools p = pools;
            for (Deferrals.Entry e; p != null && (e = deferrals.peek()) != null; ) {
                Optional<Segment> seg = segment(e.day(), e.segment());
                if (seg.isPresent() && !p.fits(e.files(), queue)) {
                    return;
                }
                deferrals.take();
                if (seg.isEmpty()) {
                    deferrals.done(e.offset());
                    report.reject("deferred segment " + e.day() + "/" + e.segment() + " is no longer in the journal;"
                            + " dropped");
                    if (e.future() != null) {
                        e.future().complete(new Outcome(e.day(), e.segment(), List.of(), List.of(), List.of(),
                                List.of("the segment is no longer in the journal"), 0));
                    }
                    continue;
                }
                run(seg.get(), e.files(), e.origin(), e.redo(), e.batch(), e.future(), true, e.offset());
            }
        }
    }

    private void run(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
                     CompletableFuture<Outcome> future, boolean deferred, long deferralOffset) {
        report.segments.incrementAndGet();
        SegmentFiles sf = journal.days().files(segment);
        SegmentRun run = new SegmentRun(segment, origin, batch, report, this::finish, future, deferred,
                deferralOffset);
        List<Runnable> starts = new ArrayList<>();
        for (String name : files) {
            FileKind kind = FileKind.of(name);
            if (kind == FileKind.NONE) {
                continue;
            }
            Path path;
            try {
                path = sf.file(name);
            } catch (InvalidNameException e) {
                run.add();
                run.failed(name, "not a valid file name");
                continue;
            }
            run.add();
            starts.add(() -> dispatch(run, sf, name, path, kind, redo));
        }
        starts.forEach(Runnable::run);
        run.fileDone(); // the arming count
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
        List<CompletableFuture<Outcome>> runs = new ArrayList<>();
        for (Segment s : journal.days().segments(day)) {
            List<String> names = journal.days().files(s).names();
            List<String> missing = names.stream().filter(n -> FileKind.of(n) == FileKind.AUDIO
                    || FileKind.of(n) == FileKind.VIDEO).filter(n -> !names.contains(Outputs.outputName(n))).toList();
            if (!missing.isEmpty()) {
                runs.add(process(s, missing, Map.of(), false, true));
            }
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<Outcome> done = runs.stream().map(CompletableFuture::join).toList();
            return new MediaRepair.Result(day.key(), done.stream().map(Outcome::segment).toList(),
                    done.stream().mapToInt(o -> o.processed().size()).sum(), done.stream().flatMap(o -> o.errors()
                    .stream().map(e -> o.segment() + "/" + e)).toList());
        });
    }

    private void dispatch(SegmentRun run, SegmentFiles sf, String name, Path path, FileKind kind, boolean redo) {
        if (!Files.isRegularFile(path)) {
            run.failed(name, "not found in the segment");
            return;
        }
        if (kind != FileKind.TEXT && !redo && Files.exists(path.resolveSibling(Outputs.outputName(name)))) {
            run.skipped(name);
            return;
        }
        if (!inFlight.add(path)) {
            run.skipped(name); // already queued or running for another event
            return;
        }
        Pools p = pools;
        ThreadPoolExecutor pool = p == null ? null : switch (kind) {
            case AUDIO -> p.transcribe();
            case VIDEO -> p.describe();
            default -> p.check();
        };
        try {
            if (pool == null) {
                throw new RejectedExecutionException("not running");
            }
            pool.execute(() -> handle(run, sf, name, path, kind));
        } catch (RejectedExecutionException e) {
            inFlight.remove(path);
            run.failed(name, "sense is not running");
        }
    }

    private void handle(SegmentRun run, SegmentFiles sf, String name, Path path, FileKind kind) {
        report.running.incrementAndGet();
        long t0 = System.nanoTime();
        String rel = journal.relativize(path);
        try {
            if (kind == FileKind.TEXT) {
                Optional<String> problem = TextCheck.problem(path);
                if (problem.isPresent()) {
                    run.failed(name, problem.get());
                } else {
                    run.checked(name);
                }
                return;
            }
            String ref = Long.toString(System.currentTimeMillis());
            Map<String, Object> detected = run.fields();
            detected.put("file", rel);
            detected.put("handler", kind.handler);
            detected.put("ref", ref);
            report.emit("detected", detected);
            if (kind == FileKind.AUDIO) {
                Outputs.writeAudio(sf, name, transcriber.transcribe(path), run.origin);
            } else {
                Outputs.writeScreen(sf, name, reader.read(path), run.origin);
            }
            Map<String, Object> fields = run.fields();
            fields.put("input", rel);
            fields.put("output", journal.relativize(path.resolveSibling(Outputs.outputName(name))));
            fields.put("duration_ms", (System.nanoTime() - t0) / 1_000_000);
            fields.put("ref", ref);
            report.emit(kind == FileKind.AUDIO ? "transcribed" : "described", fields);
            run.done(name);
        } catch (SenseException e) {
            if (e.kind() == SenseException.Kind.NOT_CONFIGURED) {
                run.awaitingSetup(name, e.getMessage());
            } else {
                run.failed(name, e.getMessage());
            }
        } catch (RuntimeException e) {
            run.failed(name, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            report.running.decrementAndGet();
            inFlight.remove(path);
            drain();
        }
    }

    private void finish(SegmentRun run) {
        Map<String, Object> fields = run.fields();
        double seconds = (System.nanoTime() - run.startNanos) / 1e9;
        fields.put("duration", Math.round(seconds));
        List<String> errors = run.errors();
        if (!errors.isEmpty()) {
            fields.put("errors", errors);
            if (run.onlyAwaitingSetup()) {
                report.segmentAwaitingSetup(run.segment, errors);
            } else {
                report.segmentFailed(run.segment, errors);
            }
        }
        report.emit("observed", fields);
        if (run.deferred) {
            synchronized (admission) {
                deferrals.done(run.deferralOffset);
            }
            report.drained.incrementAndGet();
        }
        run.future.complete(new Outcome(run.segment.day().key(), run.segment.key().key(), run.processed(),
                run.checked(), run.skipped(), errors, seconds));
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
