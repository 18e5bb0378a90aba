package dev.engram.index.api;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchQuery}: the exact number of matching chunks, counts of those chunks by facet, topic and
 * day (all with the query's filters applied; largest first, days newest first), one page of hits best first, and
 * notices about how the query was read (e.g. terms dropped from a very long query), never silently.
 */
public record SearchResults(long total, Map<String, Long> facets, Map<String, Long> topics, Map<String, Long> days,
                           List<SearchHit> hits, List<String> notices) {
    public SearchResults {
        facets = ordered(facets);
        topics = ordered(topics);
        days = ordered(days);
        hits = List.copyOf(hits);
        notices = List.copyOf(notices);
    }

    private static Map<String, Long> ordered(Map<String, Long> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }
}
