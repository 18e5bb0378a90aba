package dev.engram.observe.imports;

import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import java.util.List;
import java.util.Map;

/**
 * What an {@link ImportStep} made of a file: timed segments (each becomes {@code <day>/<HHMMSS>_<len>/} with
 * {@code imported_audio.jsonl}), facet events by day, and notes for the record (e.g. "text truncated").
 */
public record ImportedContent(List<ImportedSegment> segments, Map<Day, List<FacetEvent>> events, List<String> notes) {
    public ImportedContent {
        segments = List.copyOf(segments);
        events = Map.copyOf(events);
        notes = List.copyOf(notes);
    }
}
