package dev.engram.index.api;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchQuery}: the exact number of matching chunks, counts of those chunks by facet, topic and
 * day (all with the query's filters applied; largest first, days newest first), one page of hits best first, and
 * notices about how the query was read (e.g. terms dropped from a very long query, a relative date read as a day
 * range, hybrid asked for before any vectors exist), never silently. {@code mode} is how the search actually ran. In
 * semantic and hybrid mode the matching chunks are the keyword matches plus the nearest chunks by meaning (at most
 * {@code max(100, offset + limit)} of them), so {@code total} and the counts cover both.
 */
public record SearchResults(long total, Map<String, Long> facets, Map<String, Long> topics, Map<String, Long> days,
                           List<SearchHit> hits, List<String> notices, SearchMode mode) {
    public SearchResults {
        facets = ordered(facets);
        topics = ordered(topics);
        days = ordered(days);
        hits = List.copyOf(hits);
        notices = List.copyOf(notices);
        mode = mode == null ? SearchMode.KEYWORD : mode;
    }

    /** The first slice's constructor (a keyword search), kept for source compatibility. */
    public SearchResults(long total, Map<String, Long> facets, Map<String, Long> topics, Map<String, Long> days,
                         List<SearchHit> hits, List<String> notices) {
        this(total, facets, topics, days, hits, notices, SearchMode.KEYWORD);
    }

    private static Map<String, Long> ordered(Map<String, Long> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }
}
