package dev.engram.observe.imports;

import dev.engram.callosum.Emitter;
import dev.engram.journal.JournalLock;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.StoredFile;
import dev.engram.journal.Stream;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.api.Imports;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports a file into the journal: stores the original in {@code imports/<id>/} with {@code import.json} (its SHA-256
 * among the fields), lets the {@link ImportStep} for its extension read it, commits each segment with
 * {@code imported_audio.jsonl} (see {@link SegmentWriter}), appends calendar events to the facet, and announces
 * {@code observe.observed} {day, segment} per segment and {@code importer.completed}. An import holds its content's
 * {@link JournalLock} (by SHA-256, across processes) until it ends: the same file while it is being imported, here or
 * in another process, is refused ({@code already_importing}). A file whose SHA-256 an earlier finished import
 * recorded is not imported again (the answer names that import); one whose earlier import failed, or was left
 * {@code importing} by a process that died (its lock free), is retried under that import's id and start, reusing the
 * segments it committed (see {@link SegmentWriter}), so a retry never duplicates them. Thread-safe: the
 * original is stored on the caller's thread, then the import runs on the importer's one worker thread (imports run
 * one at a time); {@link #close()} stops the worker.
 */
public final class Importer implements Imports, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long {@link #start} waits before it answers {@code importing} (short imports answer at once). */
    static final long QUICK_MILLIS = 2_000;
    private static final int WAITING = 0;
    private static final int DETACHED = 1;
    private static final int ENDED = 2;
    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss");

    private final Journal journal;
    private final Emitter bus;
    private final Map<String, ImportStep> steps = new LinkedHashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    /** The content locks of the imports queued on the worker and not begun (released by {@link #close()}). */
    private final Map<String, JournalLock> queued = new ConcurrentHashMap<>();
    private final ImportRecords records;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("importer").factory());

    public Importer(Journal journal, Emitter bus) {
        this(journal, bus, List.of());
    }

    /** With more steps (a media step for audio and video); a later step takes an extension from an earlier one. */
    public Importer(Journal journal, Emitter bus, List<ImportStep> more) {
        this(journal, bus, more, Clock.systemDefaultZone(), ZoneId.systemDefault());
    }

    /** With the audio and video step (5-minute windows sliced by ffmpeg, transcribed through {@code transcriber}). */
    public static Importer withMedia(Journal journal, Emitter bus, dev.engram.observe.api.AudioTranscriber transcriber) {
        return new Importer(journal, bus, MediaStep.steps(transcriber));
    }

    Importer(Journal journal, Emitter bus, List<ImportStep> more, Clock clock, ZoneId zone) {
        this.journal = journal;
        this.bus = bus;
        this.clock = clock;
        this.zone = zone;
        this.records = new ImportRecords(journal, clock);
        List<String> interrupted = records.markInterrupted();
        if (!interrupted.isEmpty()) {
            log.warn("{} import(s) were interrupted when their process ended ({}); marked failed: import the same file"
                    + " again to resume", interrupted.size(), String.join(", ", interrupted));
        }
        List<ImportStep> all = new ArrayList<>(List.of(new TextStep(), new PdfStep(), new CalendarStep()));
        all.addAll(more);
        for (ImportStep s : all) {
            for (String ext : s.extensions()) {
                steps.put(ext.toLowerCase(Locale.ROOT), s);
            }
        }
    }

    /** The extensions this importer reads, sorted, e.g. {@code [ics, md, pdf, txt]}. */
    @Override
    public Set<String> extensions() {
        return new TreeSet<>(steps.keySet());
    }

    /** Checks the name and facet before any byte is read; throws {@link ImportException} when they will not do. */
    @Override
    public void check(ImportOptions o) {
        ImportStep step = step(o.originalName());
        facet(o, step);
        step.check();
    }

    @Override
    public ImportResult importFile(InputStream in, ImportOptions o, Progress progress) {
        Begun b = begin(in, o, progress);
        if (b.done() != null) {
            return b.done();
        }
        try {
            return b.future().get();
        } catch (InterruptedException e) {
            b.state().compareAndSet(WAITING, DETACHED);
            Thread.currentThread().interrupt();
            throw new ImportException("interrupted", "interrupted while waiting for the import " + b.id()
                    + "; it goes on in the background");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ImportException("import_failed",
                    "the import " + b.id() + " failed: " + message(e));
        }
    }

    @Override
    public ImportResult start(InputStream in, ImportOptions o) {
        Begun b = begin(in, o, (id, done, total) -> { });
        if (b.done() != null) {
            return b.done();
        }
        try {
            try {
                return b.future().get(QUICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (b.state().compareAndSet(WAITING, DETACHED)) {
                    return new ImportResult(b.id(), "importing", b.kind(), List.of(), 0, List.of());
                }
                return b.future().get(); // it just ended
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            b.state().compareAndSet(WAITING, DETACHED);
            return new ImportResult(b.id(), "importing", b.kind(), List.of(), 0, List.of());
        } catch (ExecutionException e) {
            boolean recorded = journal.imports().record(b.id())
                    .map(r -> r.path("status").asString("").equals("failed")).orElse(false);
            if (recorded) { // it began and failed: listed as failed, with its error
                return new ImportResult(b.id(), "failed", b.kind(), List.of(), 0, List.of(message(e.getCause())));
            }
            throw e.getCause() instanceof RuntimeException r ? r : new ImportException("import_failed",
                    "the import " + b.id() + " failed: " + message(e));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        queued.values().forEach(JournalLock::close);
        queued.clear();
    }

    /**
     * An import begun: either already answered ({@code done}) or running on the worker; {@code state} says whether
     * a caller still waits for it ({@link #WAITING}: a refused content is thrown to it and nothing is kept) or it
     * went on in the background ({@link #DETACHED}: a failure is recorded in {@code import.json}).
     */
    private record Begun(String id, String kind, ImportResult done, Future<ImportResult> future, AtomicInteger state) {
    }

    /**
     * Stores the original, takes its content's lock (held until the import ends, see {@link JournalLock}) and queues
     * the import; a content whose lock another import holds (of this process or another) is refused
     * ({@code already_importing}).
     */
    private synchronized Begun begin(InputStream in, ImportOptions o, Progress progress) {
        check(o);
        long began = clock.millis();
        ImportStep step = step(o.originalName());
        Optional<String> facet = facet(o, step);
        LocalDateTime start = o.timestamp().orElseGet(() -> o.modified()
                .map(i -> LocalDateTime.ofInstant(i, zone)).orElseGet(() -> LocalDateTime.now(clock)))
                .withNano(0);
        String id = records.newId(step.kind().equals("calendar") ? LocalDateTime.now(clock).withNano(0) : start);
        String name = ImportRecords.fileName(o.originalName());
        StoredFile stored;
        try {
            stored = journal.imports().storeOriginal(id, name, in, MAX_BYTES);
        } catch (dev.engram.journal.FileTooLargeException e) {
            journal.imports().remove(id);
            throw new ImportException("too_large", "the file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        } catch (RuntimeException e) {
            journal.imports().remove(id);
            throw e;
        }
        Optional<JournalLock> locked = journal.imports().tryLock(stored.sha256());
        if (locked.isEmpty()) {
            journal.imports().remove(id);
            throw new ImportException("already_importing", "this file is being imported right now"
                    + records.with(stored.sha256(), id, "importing").map(x -> ", as " + x).orElse("")
                    + " (by this Engram or another process); wait until that import ends");
        }
        JournalLock lock = locked.get();
        try {
            return begin(o, progress, step, facet, start, id, name, stored, began, lock);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private Begun begin(ImportOptions o, Progress progress, ImportStep step, Optional<String> facet,
                        LocalDateTime start, String id, String name, StoredFile stored, long began, JournalLock lock) {
        Optional<String> earlier = records.with(stored.sha256(), id, "done");
        if (earlier.isPresent()) {
            lock.close();
            journal.imports().remove(id);
            ObjectNode rec = journal.imports().record(earlier.get()).orElseGet(JSON::createObjectNode);
            List<String> segs = new ArrayList<>();
            rec.path("segments").forEach(n -> segs.add(n.asString("")));
            List<String> notes = new ArrayList<>(List.of("this file was imported before, as " + earlier.get()
                    + "; nothing was added"));
            String into = rec.path("facet").asString("");
            if (facet.isPresent() && !facet.get().equals(into)) { // the owner may expect a move: say it is not one
                notes.add("its events stay " + (into.isEmpty() ? "without a facet" : "in facet " + into) + ", not "
                        + facet.get());
            }
            return new Begun(earlier.get(), step.kind(), new ImportResult(earlier.get(), "duplicate", step.kind(),
                    segs, rec.path("events").asInt(0), notes), null, null);
        }
        Optional<ObjectNode> failed = records.failedWith(stored.sha256(), id, o, start);
        List<String> retryNotes = new ArrayList<>();
        if (failed.isPresent()) { // retried under the failed (or interrupted) import's id, reusing its segments
            journal.imports().remove(id);
            ObjectNode was = failed.get();
            id = was.path("id").asString();
            String path = was.path("file_path").asString("");
            name = path.substring(path.lastIndexOf('/') + 1);
            start = LocalDateTime.parse(ImportRecords.startOf(was), ID);
            stored = new StoredFile(name, stored.size(), stored.sha256());
            boolean interrupted = was.path("status").asString("").equals("importing")
                    || was.path("error").asString("").equals(ImportRecords.INTERRUPTED);
            retryNotes.add("retried the " + (interrupted ? "interrupted" : "failed") + " import " + id + " ("
                    + (interrupted ? "its process ended before it finished" : was.path("error").asString("failed"))
                    + "); the segments it had written are reused, none duplicated");
            log.info("import {}: retrying the failed import of the same file", id);
        }
        ObjectNode record = records.record(id, o, step, stored, start, facet);
        journal.imports().writeRecord(id, record);
        emit("importer", "started", Map.of("import_id", id, "input_file", name, "file_type", step.kind(),
                "day", start.format(ID).substring(0, 8), "facet", facet.orElse(""), "stage", "initialization"));
        String finalId = id;
        String finalName = name;
        ImportContext ctx = new ImportContext(journal, id, start, facet, zone, clock,
                "../../imports/" + id + "/" + name,
                (done, total) -> {
                    record.putObject("progress").put("done", done).put("total", total);
                    journal.imports().writeRecord(finalId, record);
                    emit("importer", "progress", Map.of("import_id", finalId, "done", done, "total", total));
                    progress.update(finalId, done, total);
                });
        AtomicInteger state = new AtomicInteger(WAITING);
        queued.put(id, lock);
        Future<ImportResult> f = worker.submit(() -> {
            queued.remove(finalId);
            try {
                step.cleanUp(ctx); // what an interrupted attempt left
                return run(finalName, step, record, began, ctx, state, retryNotes);
            } finally {
                step.cleanUp(ctx);
                lock.close();
            }
        });
        return new Begun(id, step.kind(), null, f, state);
    }

    private ImportResult run(String name, ImportStep step, ObjectNode record, long began, ImportContext ctx,
                             AtomicInteger state, List<String> retryNotes) {
        String id = ctx.id();
        Optional<String> facet = ctx.facet();
        ImportedContent content;
        try {
            content = step.read(journal.imports().file(id, name), ctx);
        } catch (ImportException e) {
            if (state.compareAndSet(WAITING, ENDED)) {
                journal.imports().remove(id);
            } else {
                step.cleanUp(ctx);
                fail(id, record, began, e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            step.cleanUp(ctx);
            fail(id, record, began, e);
            throw new ImportException("import_failed", "the import " + id + " failed: " + message(e));
        }
        List<String> segments = new ArrayList<>();
        int events;
        List<String> notes = new ArrayList<>(retryNotes);
        try {
            SegmentWriter writer = new SegmentWriter(journal, id, facet, ctx.rawPath(),
                    Stream.ofImport(step.kind()));
            for (ImportedSegment s : content.segments()) {
                segments.add(writer.write(s));
            }
            if (!retryNotes.isEmpty()) {
                notes.set(0, notes.get(0) + " (" + writer.reused() + " of " + segments.size() + " reused)");
            }
            notes.addAll(content.notes());
            events = CalendarStep.append(journal, facet, content.events());
        } catch (JournalException e) {
            step.cleanUp(ctx);
            record.set("segments", JSON.valueToTree(segments));
            fail(id, record, began, e);
            throw new ImportException("import_failed", "the import " + id + " failed: " + e.getMessage());
        }
        step.cleanUp(ctx); // before the record says how it ended: a reader of "done" or "failed" finds no .work/
        record.put("status", "done");
        record.set("segments", JSON.valueToTree(segments));
        record.put("events", events);
        record.set("notes", JSON.valueToTree(notes));
        record.put("processing_completed", clock.millis());
        journal.imports().writeRecord(id, record);
        for (String s : segments) {
            emit("observe", "observed", Map.of("day", s.substring(0, 8), "segment", s.substring(9)));
        }
        emit("importer", "completed", Map.of("import_id", id, "stage", "done", "duration_ms", clock.millis() - began,
                "total_files_created", segments.size(), "segments", segments, "metadata_file",
                "imports/" + id + "/import.json"));
        log.info("imported {} as {}: {} segments, {} events", name, id, segments.size(), events);
        return new ImportResult(id, "imported", step.kind(), segments, events, notes);
    }

    private ImportStep step(String originalName) {
        String n = originalName == null ? "" : originalName;
        String base = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1); // a browser may send a path
        int dot = base.lastIndexOf('.');
        String ext = dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
        ImportStep s = steps.get(ext);
        if (s == null) {
            throw new ImportException("unknown_type", "unknown file type " + (ext.isEmpty() ? "(no extension)"
                    : "'." + ext + "'") + " of " + n + ": Engram imports " + String.join(", ",
                    extensions().stream().map(e -> "." + e).toList())
                    + (steps.containsKey("mp3") ? "" : " (audio and video need a transcription step)"));
        }
        return s;
    }

    private Optional<String> facet(ImportOptions o, ImportStep step) {
        if (o.facet().isPresent()) {
            String f = o.facet().get();
            if (journal.facet(f).isEmpty()) {
                throw new ImportException("unknown_facet", "there is no facet '" + f + "': " + choose());
            }
        } else if (step.needsFacet()) {
            throw new ImportException("facet_required", "a " + step.kind() + "'s events go into a facet: "
                    + choose());
        }
        return o.facet();
    }

    /** What to do about the facet, in words that fit the command line and the Imports app alike. */
    private String choose() {
        List<String> names = journal.facets().stream().map(f -> f.name()).toList();
        return names.isEmpty() ? "this journal has none yet; create one in Settings first (or 'engram facet create"
                + " NAME')"
                : "choose one of " + String.join(", ", names);
    }

    private void fail(String id, ObjectNode record, long began, Exception e) {
        record.put("status", "failed");
        record.put("error", message(e));
        record.put("processing_completed", clock.millis());
        journal.imports().writeRecord(id, record);
        emit("importer", "error", Map.of("import_id", id, "stage", "segmenting", "error", message(e),
                "duration_ms", clock.millis() - began));
        log.warn("import {} failed: {}", id, message(e));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void emit(String tract, String event, Map<String, ?> fields) {
        bus.emit(tract, event, fields);
    }
}
