package dev.engram.index.api;

import java.util.Optional;

/**
 * One matching chunk.
 *
 * @param id         {@code path:ordinal}, stable while the file is unchanged
 * @param path       the journal-relative source file
 * @param ordinal    the chunk's position in its file (0-based)
 * @param segment    the segment key ({@code HHMMSS_LEN}) when the file belongs to a segment, to open it
 * @param time       {@code HH:MM:SS} when known
 * @param snippet    the text around the matches, HTML-escaped, matches wrapped in {@code <strong>}
 * @param score      BM25 for keyword searches, cosine similarity for semantic ones, the fused reciprocal-rank score
 *                   for hybrid ones
 * @param stream     the capture stream of the chunk's segment, when known
 * @param timeBucket morning, afternoon, evening or night, when the time is known
 */
public record SearchHit(String id, String path, int ordinal, Optional<String> day, Optional<String> segment,
                        Optional<String> time, Optional<String> facet, String topic, String header, String text,
                        String snippet, float score, Optional<String> stream, Optional<String> timeBucket) {
    public SearchHit {
        stream = stream == null ? Optional.empty() : stream;
        timeBucket = timeBucket == null ? Optional.empty() : timeBucket;
    }

    /** The first slice's constructor (no stream or time bucket), kept for source compatibility. */
    public SearchHit(String id, String path, int ordinal, Optional<String> day, Optional<String> segment,
                     Optional<String> time, Optional<String> facet, String topic, String header, String text,
                     String snippet, float score) {
        this(id, path, ordinal, day, segment, time, facet, topic, header, text, snippet, score, Optional.empty(),
                Optional.empty());
    }
}
