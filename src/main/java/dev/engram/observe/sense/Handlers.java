package dev.engram.observe.sense;

import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import dev.engram.observe.api.SpokenText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The work of an admitted segment: each file goes to its handler ({@link FileKind}) on its pool, audio to the
 * {@link AudioTranscriber}, video to the {@link FrameReader}, JSONL to the {@link TextCheck}; {@code observe.detected}
 * when a media handler starts, {@code observe.transcribed} / {@code observe.described} when its extract is written,
 * and, once every file of the segment is done, failed or skipped ({@link SegmentRun}), {@code observe.observed}
 * {day, segment, duration, origin, errors?} and the segment's outcome. What becomes of each media file is decided
 * before any is dispatched ({@link Extracts#plan}): with its extract beside it, it is skipped unless redone; beside a
 * {@code <stem>.jsonl} that is not its extract, or sharing its output with a file processed first, it is an error
 * (nothing is overwritten). A file already queued or running for another event is skipped; another media file whose
 * output is being written then is an error.
 *
 * <p><b>Threads:</b> {@link #admit} (through {@link Admission}) only queues; handlers run on the pools'
 * {@code sense-transcribe-N}, {@code sense-describe} and {@code sense-check} threads, and each finished file drains
 * the deferred segments; a segment's completion runs on the thread of its last file (or the admitting one).
 *
 * <p><b>Failures:</b> a file missing, misnamed, failing its handler, or offered while sense is stopped is an error
 * of its segment ({@code "<file>: <why>"}): the segment is still observed, with {@code errors}, and reported through
 * the {@link SenseReport} (a failure, or waiting for setup when only transcription's configuration is missing).
 */
final class Handlers {
    private final Journal journal;
    private final AudioTranscriber transcriber;
    private final FrameReader reader;
    private final SenseReport report;
    private final Admission admission;
    /** Outputs being written, to the media file each is for; JSONL files being checked. */
    private final Map<Path, String> writing = new ConcurrentHashMap<>();
    private final Map<Path, String> checking = new ConcurrentHashMap<>();

    Handlers(Journal journal, AudioTranscriber transcriber, FrameReader reader, SenseReport report,
             Admission admission) {
        this.journal = journal;
        this.transcriber = transcriber;
        this.reader = reader;
        this.report = report;
        this.admission = admission;
    }

    /** Starts the segment's files now, or defers the segment while the queues are full ({@link Admission}). */
    void admit(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
               CompletableFuture<Sense.Outcome> future) {
        admission.admit(segment, files, origin, redo, batch, future, this::run);
    }

    /** Starts the deferred segments that fit again. */
    void drain() {
        admission.drain(this::run);
    }

    private void run(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
                     CompletableFuture<Sense.Outcome> future, boolean deferred, long deferralOffset) {
        report.segments.incrementAndGet();
        SegmentFiles sf = journal.days().files(segment);
        Extracts.Plan plan = Extracts.plan(sf, files, redo); // decided before any file is dispatched
        SegmentRun run = new SegmentRun(segment, batch ? recovered(sf, origin, plan) : origin, batch, report,
                this::finish, future, deferred, deferralOffset);
        List<Runnable> starts = new ArrayList<>();
        for (String name : files) {
            FileKind kind = FileKind.of(name);
            if (kind == FileKind.NONE || kind == FileKind.TEXT && plan.extracts().contains(name)) {
                continue; // not a capture: nothing to check (a media file's extract is the media's)
            }
            Path path;
            try {
                path = sf.file(name);
            } catch (InvalidNameException e) {
                run.add();
                run.failed(name, "not a valid file name", Remedy.NONE);
                continue;
            }
            run.add();
            starts.add(() -> dispatch(run, sf, name, path, kind, plan.of(name)));
        }
        starts.forEach(Runnable::run);
        run.fileDone(); // the arming count
    }

    /**
     * A batch's origin ({@code engram sense}, the daily repair name none): what the caller gave, else the segment's
     * {@code stream.json} and the {@code remote} / {@code observer} its existing extracts name.
     */
    private static Map<String, Object> recovered(SegmentFiles sf, Map<String, Object> origin, Extracts.Plan plan) {
        Map<String, Object> o = new LinkedHashMap<>(plan.origin());
        if (!origin.containsKey("stream")) {
            sf.stream().ifPresent(s -> o.put("stream", s.name()));
        }
        o.putAll(origin);
        return o;
    }

    private void dispatch(SegmentRun run, SegmentFiles sf, String name, Path path, FileKind kind,
                          Extracts.Verdict verdict) {
        if (!Files.isRegularFile(path)) {
            run.failed(name, "not found in the segment");
            return;
        }
        if (kind != FileKind.TEXT && verdict.error() != null) {
            run.failed(name, verdict.error(), verdict.remedy());
            return;
        }
        if (kind != FileKind.TEXT && verdict.done()) {
            run.skipped(name);
            return;
        }
        Path claim = kind == FileKind.TEXT ? path : path.resolveSibling(Outputs.outputName(name));
        String holder = claims(kind).putIfAbsent(claim, name);
        if (holder != null) {
            if (holder.equals(name)) {
                run.skipped(name); // already queued or running for another event
            } else {
                run.failed(name, claim.getFileName() + " is being written for " + holder + ": not written for "
                        + name);
            }
            return;
        }
        Pools p = admission.pools();
        ThreadPoolExecutor pool = p == null ? null : switch (kind) {
            case AUDIO -> p.transcribe();
            case VIDEO -> p.describe();
            default -> p.check();
        };
        try {
            if (pool == null) {
                throw new RejectedExecutionException("not running");
            }
            pool.execute(() -> handle(run, sf, name, path, kind, claim));
        } catch (RejectedExecutionException e) {
            claims(kind).remove(claim);
            run.failed(name, "sense is not running");
        }
    }

    private void handle(SegmentRun run, SegmentFiles sf, String name, Path path, FileKind kind, Path claim) {
        report.running.incrementAndGet();
        Runnable outcome;
        try {
            outcome = work(run, sf, name, path, kind, claim);
        } finally {
            report.running.decrementAndGet();
            claims(kind).remove(claim); // before the outcome: a run it completes may process the file again at once
        }
        outcome.run();
        drain();
    }

    /** Runs the file's handler; returns what to report of it. */
    private Runnable work(SegmentRun run, SegmentFiles sf, String name, Path path, FileKind kind, Path claim) {
        long t0 = System.nanoTime();
        String rel = journal.relativize(path);
        try {
            if (kind == FileKind.TEXT) {
                Optional<String> problem = TextCheck.problem(path);
                return problem.isPresent() ? () -> run.failed(name, problem.get(), Remedy.NONE)
                        : () -> run.checked(name);
            }
            // sound: an audio file, or a video file that holds only sound (it is heard, and named so)
            FileKind handler = kind == FileKind.VIDEO && !reader.hasPicture(path) ? FileKind.AUDIO : kind;
            String ref = Long.toString(System.currentTimeMillis());
            Map<String, Object> detected = run.fields();
            detected.put("file", rel);
            detected.put("handler", handler.handler);
            detected.put("ref", ref);
            report.emit("detected", detected);
            if (handler == FileKind.AUDIO) {
                SpokenText spoken = transcriber.transcribe(path);
                Extracts.requireOwn(claim, name); // again, just before the write: it may have come meanwhile
                Outputs.writeAudio(sf, name, spoken, run.origin);
            } else {
                List<FrameReader.ScreenText> frames = reader.read(path);
                Extracts.requireOwn(claim, name);
                Outputs.writeScreen(sf, name, frames, run.origin);
            }
            Map<String, Object> fields = run.fields();
            fields.put("input", rel);
            fields.put("output", journal.relativize(claim));
            fields.put("duration_ms", (System.nanoTime() - t0) / 1_000_000);
            fields.put("ref", ref);
            report.emit(handler == FileKind.AUDIO ? "transcribed" : "described", fields);
            return () -> run.done(name);
        } catch (SenseException e) {
            return switch (e.kind()) {
                case NOT_CONFIGURED -> () -> run.awaitingSetup(name, e.getMessage());
                case INPUT -> () -> run.failed(name, e.getMessage(), Remedy.NONE);
                default -> () -> run.failed(name, e.getMessage());
            };
        } catch (Extracts.NotOwn e) {
            return () -> run.failed(name, e.getMessage(), e.remedy);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return () -> run.failed(name, why);
        }
    }

    private Map<Path, String> claims(FileKind kind) {
        return kind == FileKind.TEXT ? checking : writing;
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
                report.segmentFailed(run.segment, errors, run.remedies());
            }
        }
        report.emit("observed", fields);
        if (run.deferred) {
            admission.done(run.deferralOffset);
            report.drained.incrementAndGet();
        }
        run.future.complete(new Sense.Outcome(run.segment.day().key(), run.segment.key().key(), run.processed(),
                run.checked(), run.skipped(), errors, seconds));
    }
}
