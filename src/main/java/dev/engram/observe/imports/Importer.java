package dev.engram.observe.imports;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports a file into the journal: stores the original in {@code imports/<id>/} with {@code import.json} (its SHA-256
 * among the fields), lets the {@link ImportStep} for its extension read it, commits each segment with
 * {@code imported_audio.jsonl} (see {@link SegmentWriter}), appends calendar events to the facet, and announces
 * {@code observe.observed} {day, segment} per segment and {@code importer.completed}. A file whose SHA-256 an earlier
 * finished import recorded is not imported again (the answer names that import). Thread-safe: imports run one at a
 * time per importer.
 */
public final class Importer {
    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    public static final long MAX_BYTES = 512L * 1024 * 1024;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /**
     * @param originalName the file's name as the owner knows it (its extension picks the step)
     * @param timestamp    when the content starts ({@code --timestamp}); else {@code modified}, else now
     * @param modified     the file's modification time, when known
     */
    public record Options(String originalName, Optional<LocalDateTime> timestamp, Optional<String> facet,
                          Optional<Instant> modified) {
    }

    /**
     * @param status   {@code imported} or {@code duplicate} (then {@code id} is the earlier import)
     * @param segments {@code <day>/<segment>} of each segment written
     */
    public record Result(String id, String status, String kind, List<String> segments, int events,
                         List<String> notes) {
    }

    private final Journal journal;
    private final Emitter bus;
    private final Map<String, ImportStep> steps = new LinkedHashMap<>();
    private final Clock clock;
    private final ZoneId zone;

    public Importer(Journal journal, Emitter bus) {
        this(journal, bus, List.of());
    }

    /** With more steps (a media step for audio and video); a later step takes an extension from an earlier one. */
    public Importer(Journal journal, Emitter bus, List<ImportStep> more) {
        this(journal, bus, more, Clock.systemDefaultZone(), ZoneId.systemDefault());
    }

    Importer(Journal journal, Emitter bus, List<ImportStep> more, Clock clock, ZoneId zone) {
        this.journal = journal;
        this.bus = bus;
        this.clock = clock;
        this.zone = zone;
        List<ImportStep> all = new ArrayList<>(List.of(new TextStep(), new PdfStep(), new CalendarStep()));
        all.addAll(more);
        for (ImportStep s : all) {
            for (String ext : s.extensions()) {
                steps.put(ext.toLowerCase(Locale.ROOT), s);
            }
        }
    }

    /**
     * Parses a {@code --timestamp} / form value {@code YYYYMMDD_HHMMSS} strictly (a real date and time); throws
     * {@link ImportException} {@code invalid_timestamp} with the expected form.
     */
    public static LocalDateTime parseTimestamp(String text) {
        try {
            return LocalDateTime.parse(text, STAMP);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ImportException("invalid_timestamp", "invalid timestamp '" + text
                    + "': use YYYYMMDD_HHMMSS, e.g. 20240115_093000");
        }
    }

    /** The extensions this importer reads, sorted, e.g. {@code [ics, md, pdf, txt]}. */
    public Set<String> extensions() {
        return new TreeSet<>(steps.keySet());
    }

    /** Checks the name and facet before any byte is read; throws {@link ImportException} when they will not do. */
    public void check(Options o) {
        step(o.originalName());
        facet(o, step(o.originalName()));
    }

    public synchronized Result importFile(InputStream in, Options o) {
        long began = clock.millis();
        ImportStep step = step(o.originalName());
        Optional<String> facet = facet(o, step);
        LocalDateTime start = o.timestamp().orElseGet(() -> o.modified()
                .map(i -> LocalDateTime.ofInstant(i, zone)).orElseGet(() -> LocalDateTime.now(clock)))
                .withNano(0);
        String id = newId(step.kind().equals("calendar") ? LocalDateTime.now(clock).withNano(0) : start);
        String name = fileName(o.originalName());
        StoredFile stored;
        try {
            stored = journal.imports().storeOriginal(id, name, in, MAX_BYTES);
        } catch (RuntimeException e) {
            journal.imports().remove(id);
            throw e;
        }
        Optional<String> earlier = finishedWith(stored.sha256(), id);
        if (earlier.isPresent()) {
            journal.imports().remove(id);
            ObjectNode rec = journal.imports().record(earlier.get()).orElseGet(JSON::createObjectNode);
            List<String> segs = new ArrayList<>();
            rec.path("segments").forEach(n -> segs.add(n.asString("")));
            return new Result(earlier.get(), "duplicate", step.kind(), segs, rec.path("events").asInt(0),
                    List.of("this file was imported before, as " + earlier.get() + "; nothing was added"));
        }
        ObjectNode record = record(id, o, step, stored, start, facet);
        journal.imports().writeRecord(id, record);
        emit("importer", "started", Map.of("import_id", id, "input_file", name, "file_type", step.kind(),
                "day", start.format(ID).substring(0, 8), "facet", facet.orElse(""), "stage", "initialization"));
        ImportContext ctx = new ImportContext(journal, id, start, facet, zone, "../../imports/" + id + "/" + name);
        ImportedContent content;
        try {
            content = step.read(journal.imports().file(id, name), ctx);
        } catch (ImportException e) {
            journal.imports().remove(id);
            throw e;
        } catch (IOException | RuntimeException e) {
            fail(id, record, began, e);
            throw new ImportException("import_failed", "the import " + id + " failed: " + message(e));
        }
        List<String> segments = new ArrayList<>();
        int events;
        try {
            SegmentWriter writer = new SegmentWriter(journal, id, facet, ctx.rawPath());
            for (ImportedSegment s : content.segments()) {
                segments.add(writer.write(s));
            }
            events = appendEvents(facet, content.events());
        } catch (JournalException e) {
            record.set("segments", JSON.valueToTree(segments));
            fail(id, record, began, e);
            throw new ImportException("import_failed", "the import " + id + " failed: " + e.getMessage());
        }
        record.put("status", "done");
        record.set("segments", JSON.valueToTree(segments));
        record.put("events", events);
        record.set("notes", JSON.valueToTree(content.notes()));
        record.put("processing_completed", clock.millis());
        journal.imports().writeRecord(id, record);
        for (String s : segments) {
            emit("observe", "observed", Map.of("day", s.substring(0, 8), "segment", s.substring(9)));
        }
        emit("importer", "completed", Map.of("import_id", id, "stage", "done", "duration_ms", clock.millis() - began,
                "total_files_created", segments.size(), "segments", segments, "metadata_file",
                "imports/" + id + "/import.json"));
        log.info("imported {} as {}: {} segments, {} events", name, id, segments.size(), events);
        return new Result(id, "imported", step.kind(), segments, events, content.notes());
    }

    private ImportStep step(String originalName) {
        String n = originalName == null ? "" : originalName;
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
        ImportStep s = steps.get(ext);
        if (s == null) {
            throw new ImportException("unknown_type", "unknown file type " + (ext.isEmpty() ? "(no extension)"
                    : "'." + ext + "'") + " of " + n + ": Engram imports " + String.join(", ",
                    extensions().stream().map(e -> "." + e).toList())
                    + (steps.containsKey("mp3") ? "" : " (audio and video need a transcription step)"));
        }
        return s;
    }

    private Optional<String> facet(Options o, ImportStep step) {
        if (o.facet().isPresent()) {
            String f = o.facet().get();
            if (journal.facet(f).isEmpty()) {
                throw new ImportException("unknown_facet", "unknown facet '" + f + "': create it in Settings, or"
                        + " give one of " + facetNames());
            }
        } else if (step.needsFacet()) {
            throw new ImportException("facet_required", "a " + step.kind() + "'s events belong to a facet: give"
                    + " --facet NAME (one of " + facetNames() + ")");
        }
        return o.facet();
    }

    private String facetNames() {
        List<String> names = journal.facets().stream().map(f -> f.name()).toList();
        return names.isEmpty() ? "none yet: create one in Settings first" : String.join(", ", names);
    }

    private String newId(LocalDateTime at) {
        String base = at.format(ID);
        String id = base;
        for (int n = 2; journal.imports().exists(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private static String fileName(String original) {
        String n = original.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "_");
        n = n.startsWith(".") ? "_" + n.substring(1) : n;
        if (n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 200) {
            int dot = n.lastIndexOf('.');
            n = "original" + (dot < 0 ? "" : n.substring(dot));
        }
        return n.isEmpty() || n.equals("import.json") || n.equals("imported.json") ? "original" + n : n;
    }

    /** An earlier import, finished, of the same content. */
    private Optional<String> finishedWith(String sha256, String except) {
        for (String other : journal.imports().ids()) {
            if (other.equals(except)) {
                continue;
            }
            Optional<ObjectNode> r = journal.imports().record(other);
            if (r.isPresent() && sha256.equals(r.get().path("sha256").asString(""))
                    && "done".equals(r.get().path("status").asString(""))) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }

    private ObjectNode record(String id, Options o, ImportStep step, StoredFile stored, LocalDateTime start,
                              Optional<String> facet) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("original_filename", o.originalName());
        r.put("file_path", "imports/" + id + "/" + stored.name());
        r.put("file_size", stored.size());
        r.put("sha256", stored.sha256());
        r.put("file_type", step.kind());
        r.put("mime_type", mime(stored.name()));
        r.put("upload_timestamp", clock.millis());
        r.put("upload_datetime", LocalDateTime.now(clock).withNano(0).toString());
        o.timestamp().ifPresent(t -> r.put("user_timestamp", t.format(ID)));
        if (o.timestamp().isEmpty()) {
            r.put("detected_timestamp", start.format(ID));
        }
        r.put("facet", facet.orElse(null));
        r.put("setting", "");
        r.put("status", "importing");
        return r;
    }

    private static String mime(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".pdf") ? "application/pdf" : n.endsWith(".ics") ? "text/calendar"
                : n.endsWith(".md") ? "text/markdown" : n.endsWith(".txt") ? "text/plain" : "application/octet-stream";
    }

    private int appendEvents(Optional<String> facet, Map<Day, List<FacetEvent>> events) {
        if (events.isEmpty() || facet.isEmpty()) {
            return 0;
        }
        var store = journal.facetStore(facet.get());
        int added = 0;
        for (Map.Entry<Day, List<FacetEvent>> e : events.entrySet()) {
            List<FacetEvent> existing = store.events(e.getKey());
            List<FacetEvent> fresh = e.getValue().stream().filter(ev -> existing.stream()
                    .noneMatch(x -> sameEvent(x, ev))).toList();
            if (!fresh.isEmpty()) {
                store.appendEvents(e.getKey(), fresh);
                added += fresh.size();
            }
        }
        return added;
    }

    /** The same calendar entry: same UID when both have one, else same title, start and date. */
    static boolean sameEvent(FacetEvent a, FacetEvent b) {
        Optional<String> ua = a.extra().string("uid");
        Optional<String> ub = b.extra().string("uid");
        if (ua.isPresent() && ub.isPresent()) {
            return ua.equals(ub) && a.start().equals(b.start()) && a.date().equals(b.date());
        }
        return a.title().equals(b.title()) && a.start().equals(b.start()) && a.date().equals(b.date());
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

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void emit(String tract, String event, Map<String, ?> fields) {
        bus.emit(tract, event, fields);
    }
}
