package dev.engram.apps.entities;

import dev.engram.app.AppContext;
import dev.engram.app.Service;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An entity's mentions over time through the index ({@link Searcher}, looked up at each request: it may be absent or
 * still opening, and then the answer says so instead of failing the page). The query is the entity's name and akas as
 * phrases, ORed, keyword mode; the entity files themselves and the action logs are left out (they name every entity).
 * At most {@link #MAX_HITS} best-matching chunks are read: the per-day histogram counts those, and the answer says
 * when there were more.
 */
final class Mentions {
    static final int MAX_HITS = SearchQuery.MAX_LIMIT;
    /** Hits listed, newest first. */
    static final int SHOWN = 100;
    private final AppContext context;

    Mentions(AppContext context) {
        this.context = context;
    }

    /** {@code {available, message, query, total, counted, histogram[{day, count}], hits[...], notices}}. */
    Map<String, Object> of(String name, List<String> akas) {
        Map<String, Object> out = new LinkedHashMap<>();
        String query = query(name, akas);
        out.put("query", query);
        Optional<Searcher> searcher = context.findService(Searcher.class);
        if (searcher.isEmpty()) {
            return unavailable(out, "Mentions need the search index, which is not running in this Engram.");
        }
        if (query.isEmpty()) {
            return unavailable(out, "The entity's name has no searchable words.");
        }
        SearchResults r;
        try {
            r = searcher.get().search(SearchQuery.of(query).withMode(SearchMode.KEYWORD).withPage(MAX_HITS, 0));
        } catch (IndexException e) {
            boolean opening = searcher.get() instanceof Service s && s.health().detail().equals("opening");
            return unavailable(out, opening ? "The search index is still opening; reload in a moment."
                    : "The search index cannot be read: " + e.getMessage());
        }
        List<SearchHit> kept = new ArrayList<>(r.hits().stream().filter(h -> h.day().isPresent()
                && !h.topic().startsWith("entity") && !h.topic().equals("action")).toList());
        kept.sort(Comparator.comparing((SearchHit h) -> h.day().orElse(""))
                .thenComparing(h -> h.time().orElse("")).reversed());
        Map<String, Integer> perDay = new TreeMap<>();
        kept.forEach(h -> perDay.merge(h.day().get(), 1, Integer::sum));
        List<Map<String, Object>> histogram = new ArrayList<>();
        perDay.forEach((day, n) -> histogram.add(Map.of("day", day, "count", n)));
        out.put("available", true);
        out.put("message", building() ? "The index is still catching up with the journal: mentions may be missing."
                : "");
        out.put("total", kept.size());
        out.put("more", r.total() > r.hits().size());
        out.put("histogram", histogram);
        out.put("hits", kept.stream().limit(SHOWN).map(Mentions::json).toList());
        out.put("notices", r.notices());
        return out;
    }

    private boolean building() {
        return context.findService(Searcher.class).filter(s -> s instanceof Service)
                .map(s -> ((Service) s).health().facts().get("caught_up"))
                .map(Boolean.FALSE::equals).orElse(false);
    }

    private static Map<String, Object> unavailable(Map<String, Object> out, String message) {
        out.put("available", false);
        out.put("message", message);
        out.put("total", 0);
        out.put("more", false);
        out.put("histogram", List.of());
        out.put("hits", List.of());
        out.put("notices", List.of());
        return out;
    }

    /** The name and akas as quoted phrases joined by OR (quotes inside a name dropped). */
    static String query(String name, List<String> akas) {
        List<String> phrases = new ArrayList<>();
        for (String n : concat(name, akas)) {
            String clean = n.replace("\"", " ").strip();
            if (!clean.isEmpty() && phrases.stream().noneMatch(p -> p.equalsIgnoreCase("\"" + clean + "\""))) {
                phrases.add("\"" + clean + "\"");
            }
        }
        return String.join(" OR ", phrases);
    }

    private static List<String> concat(String name, List<String> akas) {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(akas);
        return all;
    }

    private static Map<String, Object> json(SearchHit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        String day = h.day().orElseThrow();
        m.put("day", day);
        m.put("time", h.time().orElse(null));
        m.put("segment", h.segment().orElse(null));
        m.put("topic", h.topic());
        m.put("facet", h.facet().orElse(null));
        m.put("path", h.path());
        m.put("snippet", h.snippet());
        m.put("url", h.segment().isPresent()
                ? "/app/transcripts/" + day + "?segment=" + h.segment().get() + h.time().map(t -> "&t=" + t).orElse("")
                : "/app/home/" + day);
        return m;
    }
}
