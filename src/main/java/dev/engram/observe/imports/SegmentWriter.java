package dev.engram.observe.imports;

import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentExistsException;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StagedSegment;
import dev.engram.journal.Stream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commits one imported segment, {@code <day>/<HHMMSS>_<len>/imported_audio.jsonl} in the reference format: a metadata
 * line {@code {"imported": {id, facet, setting}, "raw": "../../imports/<id>/<file>"}}, then one line per entry
 * {@code {start: "HH:MM:SS" (clock time), text, source: "import", speaker?}}, plus the step's attachments and the
 * segment's {@code stream.json} ({@code import.<kind>}, as in {@code import.audio}), all appearing at once
 * ({@code journal.stageSegment()}). A segment key already taken moves on to the next length,
 * unless the segment there was committed by this same import (its metadata names this import's id: an earlier
 * attempt that failed part-way, see {@link Importer}): that segment is complete (segments appear atomically) and is
 * reused as it is, so a retry leaves one set of segments. Not thread-safe (one per import run).
 */
final class SegmentWriter {
    static final String FILE = "imported_audio.jsonl";
    static final int KEY_ATTEMPTS = 100;
    /** The most of a segment's first line read to find which import wrote it. */
    static final int META_BYTES = 64 * 1024;
    static final long MAX_ATTACHMENT = dev.engram.observe.api.Imports.MAX_BYTES;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Journal journal;
    private final String id;
    private final Optional<String> facet;
    private final String raw;
    /** Written into each segment's {@code stream.json}: {@code import.<kind>}. */
    private final Stream stream;
    private int reused;

    SegmentWriter(Journal journal, String id, Optional<String> facet, String raw, Stream stream) {
        this.journal = journal;
        this.stream = stream;
        this.id = id;
        this.facet = facet;
        this.raw = raw;
    }

    /** Commits the segment; returns {@code <day>/<segment>}. */
    String write(ImportedSegment s) {
        LocalDateTime at = s.start();
        Day day = Day.of(at.getYear(), at.getMonthValue(), at.getDayOfMonth());
        try (StagedSegment staged = journal.stageSegment()) {
            staged.add(FILE, new ByteArrayInputStream(jsonl(s)), MAX_ATTACHMENT);
            for (Map.Entry<String, Path> a : s.attachments().entrySet()) {
                try (InputStream in = Files.newInputStream(a.getValue())) {
                    staged.add(a.getKey(), in, MAX_ATTACHMENT);
                } catch (IOException e) {
                    throw new dev.engram.journal.JournalException("cannot read the attachment " + a.getKey() + ": "
                            + e.getMessage(), e);
                }
            }
            staged.stream(stream);
            return day.key() + "/" + commit(staged, day, at, s.lengthSeconds()).key();
        }
    }

    /** How many segments {@link #write} found already written by this import and reused. */
    int reused() {
        return reused;
    }

    private SegmentKey commit(StagedSegment staged, Day day, LocalDateTime at, int len) {
        for (int i = 0; ; i++) {
            SegmentKey key = SegmentKey.of(at.toLocalTime().withNano(0), len + i);
            try {
                CommittedSegment done = staged.commit(day, key);
                return done.segment().key();
            } catch (SegmentExistsException e) {
                if (writtenByThisImport(day, key)) {
                    reused++;
                    return key; // the staged copy is discarded when it closes
                }
                if (i + 1 >= KEY_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Whether the segment at {@code key} holds an {@code imported_audio.jsonl} whose metadata names this import. */
    private boolean writtenByThisImport(Day day, SegmentKey key) {
        Optional<dev.engram.journal.Segment> seg = journal.days().segment(day, key);
        if (seg.isEmpty()) {
            return false;
        }
        Path file = journal.days().files(seg.get()).file(FILE);
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(META_BYTES), StandardCharsets.UTF_8); // bounded
            int end = head.indexOf('\n');
            return end > 0 && id.equals(Importer.JSON.readTree(head.substring(0, end)).path("imported").path("id")
                    .asString(""));
        } catch (IOException | RuntimeException e) {
            return false; // not ours, or unreadable: moves on to the next length as before
        }
    }

    byte[] jsonl(ImportedSegment s) {
        StringBuilder sb = new StringBuilder();
        ObjectNode meta = Importer.JSON.createObjectNode();
        ObjectNode imported = meta.putObject("imported");
        imported.put("id", id);
        imported.put("facet", facet.orElse(null));
        imported.put("setting", "");
        meta.put("raw", raw);
        sb.append(Importer.JSON.writeValueAsString(meta)).append('\n');
        for (ImportedSegment.Line l : s.lines()) {
            ObjectNode o = Importer.JSON.createObjectNode();
            o.put("start", HMS.format(l.time()));
            o.put("text", l.text());
            o.put("source", "import");
            l.speaker().ifPresent(sp -> o.put("speaker", sp));
            sb.append(Importer.JSON.writeValueAsString(o)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
