package dev.engram.observe.api;

import java.util.List;

/**
 * What an import did.
 *
 * @param id       the import ({@code imports/<id>/}); for a duplicate, the earlier import of the same content
 * @param status   {@code imported}, {@code duplicate}, or {@code importing} (started in the background: its
 *                 {@code import.json} tells the progress and the end)
 * @param kind     {@code transcript}, {@code document}, {@code calendar}, {@code audio}, {@code video}
 * @param segments {@code <day>/<segment>} of each segment written (empty while importing)
 */
public record ImportResult(String id, String status, String kind, List<String> segments, int events,
                           List<String> notes) {
    public ImportResult {
        segments = List.copyOf(segments);
        notes = List.copyOf(notes);
    }
}
