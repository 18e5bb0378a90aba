package dev.engram.observe.imports;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One segment of imported content: its start (local clock time), length in seconds, the transcript lines (absolute
 * clock times, as the reference importer writes them) and files to add beside {@code imported_audio.jsonl} (name to
 * a file inside the journal, e.g. the audio slice {@code imported_audio.flac} of a media step).
 */
public record ImportedSegment(LocalDateTime start, int lengthSeconds, List<Line> lines, Map<String, Path> attachments) {
    public ImportedSegment {
        if (lengthSeconds < 1) {
            throw new IllegalArgumentException("a segment lasts at least 1 s");
        }
        lines = List.copyOf(lines);
        attachments = Map.copyOf(attachments);
    }

    /** One line of the transcript: clock time, speaker (if named) and text. */
    public record Line(LocalTime time, Optional<String> speaker, String text) {
    }
}
