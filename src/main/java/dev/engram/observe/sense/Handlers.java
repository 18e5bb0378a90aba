package dev.engram.observe.sense;

import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The work of an admitted segment: each file goes to its handler ({@link FileKind}) on its pool, audio to the
 * {@link AudioTranscriber}, video to the {@link FrameReader}, JSONL to the {@link TextCheck}; {@code observe.detected}
 * when a media handler starts, {@code observe.transcribed} / {@code observe.described} when its extract is written,
 * and, once every file of the segment is done, failed or skipped ({@link SegmentRun}), {@code observe.observed}
 * {day, segment, duration, origin, errors?} and the segment's outcome. Media with an extract beside it is skipped
 * unless redone, and so is a file already queued or running for another event.
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
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

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
            admission.done(run.deferralOffset);
            report.drained.incrementAndGet();
        }
        run.future.complete(new Sense.Outcome(run.segment.day().key(), run.segment.key().key(), run.processed(),
                run.checked(), run.skipped(), errors, seconds));
    }
}
