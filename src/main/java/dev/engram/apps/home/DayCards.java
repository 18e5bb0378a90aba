package dev.engram.apps.home;

import dev.engram.convey.Markdown;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's extra home cards for one day: the entities detected that day ({@code facets/<f>/entities/<day>.jsonl})
 * and the facets' news ({@code facets/<f>/news/<day>.md}, rendered from markdown), for the facets in scope; and
 * whether the journal holds nothing yet (no day at all), for the welcome screen.
 */
final class DayCards {
    /** Detected entities listed per day at most; the rest are counted in {@code entities_more}. */
    static final int MAX_ENTITIES = 200;

    private DayCards() {
    }

    /** Adds {@code entities}, {@code entities_more}, {@code news} and {@code journal_empty} to a dashboard. */
    static void addTo(Map<String, Object> out, Journal journal, Day day, List<Facet> facets) {
        List<Map<String, Object>> entities = new ArrayList<>();
        List<Map<String, Object>> news = new ArrayList<>();
        int more = 0;
        for (Facet f : facets) {
            for (Entity e : journal.facetStore(f.name()).detectedEntities(day)) {
                if (e.detached()) {
                    continue;
                }
                if (entities.size() >= MAX_ENTITIES) {
                    more++;
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("facet", f.name());
                m.put("facet_title", f.title());
                m.put("color", f.color());
                m.put("type", e.type());
                m.put("name", e.name());
                m.put("description", e.description());
                entities.add(m);
            }
            journal.facetStore(f.name()).news(day).filter(md -> !md.isBlank()).ifPresent(md -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("facet", f.name());
                m.put("facet_title", f.title());
                m.put("emoji", f.emoji());
                m.put("color", f.color());
                m.put("html", Markdown.toHtml(md));
                news.add(m);
            });
        }
        out.put("entities", entities);
        out.put("entities_more", more);
        out.put("news", news);
        out.put("journal_empty", journal.days().list().isEmpty());
    }
}
