package dev.engram.index.api;

import java.util.Optional;

/**
 * One matching chunk.
 *
 * @param id      {@code path:ordinal}, stable while the file is unchanged
 * @param path    the journal-relative source file
 * @param ordinal the chunk's position in its file (0-based)
 * @param segment the segment key ({@code HHMMSS_LEN}) when the file belongs to a segment, to open it
 * @param time    {@code HH:MM:SS} when known
 * @param snippet the text around the matches, HTML-escaped, matches wrapped in {@code <strong>}
 */
public record SearchHit(String id, String path, int ordinal, Optional<String> day, Optional<String> segment,
                        Optional<String> time, Optional<String> facet, String topic, String header, String text,
                        String snippet, float score) {
}
