package dev.engram.observe.api;

import java.util.List;

/**
 * What an accepted upload became. {@code status} is {@code ok}, {@code collision} (stored under another segment key,
 * {@code segment}, because {@code originalSegment} existed) or {@code duplicate} (every file was already received in
 * {@code existingSegment}; nothing was written).
 */
public record IngestResult(String status, String day, String segment, String originalSegment, List<String> files,
                           long bytes, String existingSegment) {
    public IngestResult {
        files = List.copyOf(files);
    }

    public boolean duplicate() {
        return status.equals("duplicate");
    }
}
