package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Day;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code search_journal}: the index's keyword search with the reference's answer ({@code total}, {@code limit},
 * {@code offset}, {@code query}, {@code counts} with {@code recent_days}/{@code top_days}/{@code bucketed_days},
 * {@code results}). A facet-restricted caller searches only its facets.
 */
final class SearchTool {
    /** Characters of a hit's text in a result (the snippet shows the matches). */
    static final int MAX_TEXT = 600;
    /** Days in {@code counts.top_days}. */
    static final int TOP_DAYS = 20;
    private final ToolEnv env;

    SearchTool(ToolEnv env) {
        this.env = env;
    }

    ToolDef def() {
        return ToolDef.read("journal", "search_journal", "Search the journal (transcripts, screen text, insights,"
                + " events, todos, entities, news) by keywords. Words are ANDed; OR, NOT, \"phrases\" and prefix*"
                + " work. Filter by day or day range, facet and topic; page with limit and offset.",
                Schema.of().string("query", true, "the keywords")
                        .integer("limit", false, "results to return (default 10)", 1, 100)
                        .integer("offset", false, "results to skip (default 0)", 0, 10_000)
                        .day("day", false, "only this day, YYYYMMDD")
                        .day("day_from", false, "from this day on, YYYYMMDD")
                        .day("day_to", false, "up to this day, YYYYMMDD")
                        .facet("facet", false, "only this facet")
                        .string("topic", false, "only this topic (audio, screen, flow, event, todo, entity, news...)"),
                this::search);
    }

    private String search(Args a, ToolCaller caller) {
        Searcher searcher = env.searcher().get().orElseThrow(() -> new ToolArgException("search is not available:"
                + " the journal has no search index yet; ask the owner to run 'engram index' (or start Engram)"));
        Optional<String> facet = a.optString("facet");
        if (facet.isEmpty() && !caller.facets().isEmpty()) {
            if (caller.facets().size() > 1) {
                throw new ToolArgException("search_journal: this caller may search only the facets "
                        + String.join(", ", new java.util.TreeSet<>(caller.facets())) + "; pass one as 'facet'");
            }
            facet = Optional.of(caller.facets().iterator().next());
        }
        Optional<Day> day = a.optDay("day");
        Optional<Day> from = a.optDay("day_from");
        Optional<Day> to = a.optDay("day_to");
        if (day.isPresent() && (from.isPresent() || to.isPresent())) {
            throw new ToolArgException("search_journal: give 'day' or 'day_from'/'day_to', not both");
        }
        if (from.isPresent() && to.isPresent() && from.get().compareTo(to.get()) > 0) {
            throw new ToolArgException("search_journal: day_from " + from.get() + " is after day_to " + to.get());
        }
        SearchQuery q = SearchQuery.of(a.string("query")).withPage(a.integer("limit", 10), a.integer("offset", 0))
                .withFacet(facet.orElse(null)).withTopic(a.optString("topic").orElse(null));
        q = day.isPresent() ? q.withDay(day.get()) : q.withRange(from.orElse(null), to.orElse(null));
        SearchResults r;
        try {
            r = searcher.search(q);
        } catch (IndexException e) {
            throw new ToolArgException("search failed: " + e.getMessage());
        }
        return ToolJson.write(answer(a, q, r));
    }

    private ObjectNode answer(Args a, SearchQuery q, SearchResults r) {
        ObjectNode o = ToolJson.object();
        o.put("total", r.total());
        o.put("limit", q.limit());
        o.put("offset", q.offset());
        ObjectNode query = o.putObject("query");
        query.put("text", q.text());
        ObjectNode filters = query.putObject("filters");
        for (String f : List.of("day", "day_from", "day_to", "topic")) {
            a.optString(f).ifPresent(v -> filters.put(f, v));
        }
        q.facet().ifPresent(f -> filters.put("facet", f));
        ObjectNode counts = o.putObject("counts");
        put(counts.putObject("facets"), r.facets());
        put(counts.putObject("topics"), r.topics());
        Day today = env.today();
        ObjectNode recent = counts.putObject("recent_days");
        for (int i = 0; i < 7; i++) {
            String k = today.plusDays(-i).key();
            recent.put(k, r.days().getOrDefault(k, 0L));
        }
        topDays(r.days(), counts.putObject("top_days"));
        weeks(r.days(), today.plusDays(-6).date().toEpochDay(), counts.putObject("bucketed_days"));
        ArrayNode results = o.putArray("results");
        for (SearchHit h : r.hits()) {
            ObjectNode n = results.addObject();
            n.put("day", h.day().orElse(null));
            n.put("facet", h.facet().orElse(null));
            n.put("topic", h.topic());
            n.put("text", h.text().length() > MAX_TEXT ? h.text().substring(0, MAX_TEXT) + "…" : h.text());
            n.put("path", h.path());
            n.put("idx", h.ordinal());
            h.segment().ifPresent(s -> n.put("segment", s));
            h.time().ifPresent(t -> n.put("time", t));
        }
        if (!r.notices().isEmpty()) {
            ArrayNode notices = o.putArray("notices");
            r.notices().forEach(notices::add);
        }
        return o;
    }

    /**
     * The days before {@code recentStart} (an epoch day), summed by week (Monday to Sunday, {@code
     * YYYYMMDD-YYYYMMDD}), newest first.
     */
    static void weeks(Map<String, Long> days, long recentStart, ObjectNode into) {
        // a common word matches most of a year's days, so each key is read by hand (no Day.tryParse regex and
        // formatter) and its week's Monday is epoch-day arithmetic; the index lists days newest first, so the days
        // of a week come together and the weeks come out newest first
        long[] mondays = new long[days.size()];
        long[] sums = new long[mondays.length];
        int weeks = 0;
        boolean newestFirst = true;
        for (Map.Entry<String, Long> e : days.entrySet()) {
            long d = epochDay(e.getKey());
            if (d == Long.MIN_VALUE || d >= recentStart) {
                continue;
            }
            long monday = d - Math.floorMod(d + 3, 7); // epoch day 0, 1970-01-01, was a Thursday
            if (weeks > 0 && mondays[weeks - 1] == monday) {
                sums[weeks - 1] += e.getValue();
            } else {
                newestFirst &= weeks == 0 || monday < mondays[weeks - 1];
                mondays[weeks] = monday;
                sums[weeks++] = e.getValue();
            }
        }
        if (newestFirst) {
            for (int i = 0; i < weeks; i++) {
                into.put(key(mondays[i]) + "-" + key(mondays[i] + 6), sums[i]);
            }
        } else { // not in the index's order: sum by week the slow way
            Map<Long, Long> byWeek = new TreeMap<>(Comparator.reverseOrder());
            for (int i = 0; i < weeks; i++) {
                byWeek.merge(mondays[i], sums[i], Long::sum);
            }
            byWeek.forEach((monday, n) -> into.put(key(monday) + "-" + key(monday + 6), n));
        }
    }

    /**
     * The {@link #TOP_DAYS} days with the most matches, most first (ties: the earlier day first), chosen in one pass
     * (a common word matches most of a year's days; sorting them all was the tool's largest cost outside the index).
     */
    static void topDays(Map<String, Long> days, ObjectNode into) {
        String[] keys = new String[TOP_DAYS];
        long[] counts = new long[TOP_DAYS];
        int n = 0;
        for (Map.Entry<String, Long> e : days.entrySet()) {
            long c = e.getValue();
            String k = e.getKey();
            if (n == TOP_DAYS && !before(c, k, counts[n - 1], keys[n - 1])) {
                continue;
            }
            int i = n < TOP_DAYS ? n++ : n - 1;
            while (i > 0 && before(c, k, counts[i - 1], keys[i - 1])) {
                counts[i] = counts[i - 1];
                keys[i] = keys[i - 1];
                i--;
            }
            counts[i] = c;
            keys[i] = k;
        }
        for (int i = 0; i < n; i++) {
            into.put(keys[i], counts[i]);
        }
    }

    private static boolean before(long count, String key, long otherCount, String otherKey) {
        return count > otherCount || count == otherCount && key.compareTo(otherKey) < 0;
    }

    /** The epoch day of a day key, or {@link Long#MIN_VALUE} when it is not one. */
    private static long epochDay(String key) {
        LocalDate d = date(key);
        return d == null ? Long.MIN_VALUE : d.toEpochDay();
    }

    /** The date of a day key ({@code YYYYMMDD}, a year Day allows), or null when it is not one. */
    static LocalDate date(String key) {
        if (key.length() != 8) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        int year = v / 10_000;
        if (year < Day.MIN_YEAR || year > Day.MAX_YEAR) {
            return null;
        }
        try {
            return LocalDate.of(year, v / 100 % 100, v % 100);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The day key ({@code YYYYMMDD}) of an epoch day. */
    static String key(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        String v = Integer.toString(d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth());
        return v.length() < 8 ? "0".repeat(8 - v.length()) + v : v;
    }

    private static void put(ObjectNode into, Map<String, Long> m) {
        m.forEach(into::put);
    }
}
