package dev.engram.apps.search;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of the search routes in the reference's shapes (spec §5): {@code /api/search} pages the matching days
 * (newest first, {@link #DAYS_PER_PAGE} per page from a day offset) with up to {@code limit} hits each, plus facet and
 * topic counts and a day histogram; {@code /api/day_results} pages one day's hits.
 */
final class SearchAnswers {
    static final int DAYS_PER_PAGE = 20;
    private final Searcher searcher;
    private final Journal journal;

    SearchAnswers(Searcher searcher, Journal journal) {
        this.searcher = searcher;
        this.journal = journal;
    }

    /**
     * {@code {total, total_days, showing_days, offset, days[{day, date, total, showing, has_more, results}], facets,
     * topics, histogram[{day, count}], notices}}. Facet and topic counts leave out the facet and topic filters (so one
     * can switch), keeping the dates; the histogram leaves out the dates (so one can brush another range).
     */
    Map<String, Object> search(SearchParams p, int limit, int dayOffset) {
        SearchResults all = searcher.search(p.query(1, 0));
        SearchResults sidebar = p.facet().isPresent() || p.topic().isPresent()
                ? searcher.search(p.withoutFacetAndTopic()) : all;
        SearchResults histogram = p.dated() ? searcher.search(p.withoutDates()) : all;
        Map<String, Facet> facets = facets();
        List<String> days = new ArrayList<>(all.days().keySet());
        days.sort(java.util.Comparator.reverseOrder());
        List<Map<String, Object>> page = new ArrayList<>();
        for (String key : days.subList(Math.min(dayOffset, days.size()), Math.min(dayOffset + DAYS_PER_PAGE,
                days.size()))) {
            long total = all.days().get(key);
            SearchResults r = searcher.search(p.query(limit, 0).withDay(Day.parse(key)).withRange(null, null));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("day", key);
            d.put("date", Day.parse(key).iso());
            d.put("total", total);
            d.put("showing", r.hits().size());
            d.put("has_more", total > r.hits().size());
            d.put("results", results(r, facets));
            page.add(d);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.total());
        out.put("total_days", days.size());
        out.put("showing_days", page.size());
        out.put("offset", dayOffset);
        out.put("days", page);
        out.put("facets", facetCounts(sidebar, facets));
        out.put("topics", topicCounts(sidebar));
        out.put("histogram", histogram.days().entrySet().stream()
                .map(e -> Map.<String, Object>of("day", e.getKey(), "count", e.getValue()))
                .sorted(java.util.Comparator.comparing(m -> (String) m.get("day"))).toList());
        out.put("notices", all.notices());
        return out;
    }

    /** {@code {day, total, offset, results}}: one day's hits from {@code offset}. */
    Map<String, Object> dayResults(SearchParams p, Day day, int limit, int offset) {
        SearchQuery q = p.query(limit, offset).withDay(day).withRange(null, null);
        SearchResults r = searcher.search(q);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("total", r.total());
        out.put("offset", offset);
        out.put("results", results(r, facets()));
        return out;
    }

    private Map<String, Facet> facets() {
        Map<String, Facet> m = new LinkedHashMap<>();
        for (Facet f : journal.facets()) {
            m.put(f.name().toLowerCase(java.util.Locale.ROOT), f);
        }
        return m;
    }

    private static List<Map<String, Object>> results(SearchResults r, Map<String, Facet> facets) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SearchHit h : r.hits()) {
            out.add(result(h, facets));
        }
        return out;
    }

    /**
     * One hit: the reference's fields ({@code id, day, topic, topic_icon, topic_label, facet, facet_title,
     * facet_color, facet_emoji, text, path, idx, score}; {@code text} is the snippet, HTML-escaped with the matches in
     * {@code <strong>}) plus {@code segment}, {@code time} and {@code url}, the page that opens the hit.
     */
    private static Map<String, Object> result(SearchHit h, Map<String, Facet> facets) {
        Optional<Facet> facet = h.facet().map(facets::get);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("day", h.day().orElse(""));
        m.put("topic", h.topic());
        m.put("topic_icon", Topics.icon(h.topic()));
        m.put("topic_label", Topics.label(h.topic()));
        m.put("facet", h.facet().orElse(""));
        m.put("facet_title", facet.map(Facet::title).filter(t -> !t.isBlank()).orElse(h.facet().orElse("")));
        m.put("facet_color", facet.map(Facet::color).orElse(""));
        m.put("facet_emoji", facet.map(Facet::emoji).orElse(""));
        m.put("text", h.snippet());
        m.put("path", h.path());
        m.put("idx", h.ordinal());
        m.put("score", h.score());
        m.put("header", h.header());
        m.put("segment", h.segment().orElse(null));
        m.put("time", h.time().orElse(null));
        m.put("url", url(h));
        return m;
    }

    /** The transcripts app at the hit's segment and moment, or the home app on its day; null without a day. */
    static String url(SearchHit h) {
        if (h.day().isEmpty()) {
            return null;
        }
        String day = h.day().get();
        if (h.segment().isPresent()) {
            return "/app/transcripts/" + day + "?segment=" + h.segment().get() + h.time().map(t -> "&t=" + t).orElse("");
        }
        return "/app/home/" + day;
    }

    private static List<Map<String, Object>> facetCounts(SearchResults r, Map<String, Facet> facets) {
        List<Map<String, Object>> out = new ArrayList<>();
        r.facets().forEach((name, count) -> {
            Facet f = facets.get(name);
            if (f != null && f.muted()) {
                return; // as the reference: muted facets stay out of the side bar
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("title", f != null && !f.title().isBlank() ? f.title() : name);
            m.put("color", f != null ? f.color() : "");
            m.put("emoji", f != null ? f.emoji() : "");
            m.put("count", count);
            out.add(m);
        });
        return out;
    }

    private static List<Map<String, Object>> topicCounts(SearchResults r) {
        List<Map<String, Object>> out = new ArrayList<>();
        r.topics().forEach((name, count) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("label", Topics.label(name));
            m.put("icon", Topics.icon(name));
            m.put("count", count);
            out.add(m);
        });
        return out;
    }
}
