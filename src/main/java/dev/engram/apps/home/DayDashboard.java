package dev.engram.apps.home;

import dev.engram.convey.Markdown;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Insight;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON of one day's dashboard: counts, todos, events and rendered insights. */
final class DayDashboard {
    private final Journal journal;

    DayDashboard(Journal journal) {
        this.journal = journal;
    }

    /** The day's dashboard; files that cannot be read are skipped and listed under {@code warnings} (C6). */
    Map<String, Object> build(Day day, Optional<String> facet) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Map<String, Object> out = new DayDashboard(warnings.journal()).read(day, facet);
        out.put("warnings", warnings.json());
        return out;
    }

    private Map<String, Object> read(Day day, Optional<String> facet) {
        List<Map<String, Object>> todos = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        List<Facet> scope = Scope.facets(journal, facet);
        for (Facet f : scope) {
            for (Todo t : journal.facetStore(f.name()).todos(day)) {
                todos.add(todo(f, t));
            }
            for (FacetEvent e : journal.facetStore(f.name()).events(day)) {
                events.add(event(f, e));
            }
        }
        events.sort(Comparator.comparing(e -> String.valueOf(e.get("start"))));
        long open = todos.stream().filter(t -> t.get("status").equals("open")).count();
        long done = todos.stream().filter(t -> t.get("status").equals("done")).count();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("segments", journal.days().segments(day).size());
        counts.put("todos_open", open);
        counts.put("todos_done", done);
        counts.put("events", events.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("date", day.iso());
        out.put("facet", facet.orElse(""));
        out.put("counts", counts);
        out.put("todos", todos);
        out.put("events", events);
        out.put("insights", insights(day));
        DayCards.addTo(out, journal, day, scope);
        return out;
    }

    private static Map<String, Object> todo(Facet f, Todo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("facet", f.name());
        m.put("id", t.id());
        m.put("text", t.text());
        m.put("time", t.time().orElse(""));
        m.put("status", t.status().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private static Map<String, Object> event(Facet f, FacetEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("facet", e.facet().orElse(f.name()));
        m.put("facet_title", f.title());
        m.put("color", f.color());
        m.put("type", e.type());
        m.put("start", e.start().orElse(""));
        m.put("end", e.end().orElse(""));
        m.put("title", e.title());
        m.put("summary", e.summary());
        m.put("participants", e.participants());
        m.put("occurred", e.occurred());
        return m;
    }

    private List<Map<String, Object>> insights(Day day) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Insight i : journal.days().insights(day)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", i.topic());
            m.put("title", title(i.topic()));
            m.put("html", Markdown.toHtml(i.markdown()));
            out.add(m);
        }
        return out;
    }

    /** {@code meetings} → {@code Meetings}; app insights {@code _todos_daily} → {@code Todos daily}. */
    static String title(String topic) {
        String t = topic.replaceFirst("^_", "").replace('_', ' ').strip();
        return t.isEmpty() ? topic : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
