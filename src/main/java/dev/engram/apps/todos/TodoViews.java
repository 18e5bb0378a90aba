package dev.engram.apps.todos;

import dev.engram.convey.FacetScope;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Todos app's reads: one day's todos per facet, and open todos from today on across days. */
final class TodoViews {
    /** How many days ahead "upcoming" looks (every reader is bounded). */
    static final int UPCOMING_DAYS = 366;
    private final Journal journal;
    private final Clock clock;

    TodoViews(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** The shown order: by {@code order} when set, the rest after them by line number. */
    static final Comparator<Todo> SHOWN = Comparator
            .comparingLong((Todo t) -> TodoFields.order(t).isPresent() ? TodoFields.order(t).getAsInt()
                    : Integer.MAX_VALUE + (long) t.id())
            .thenComparingInt(Todo::id);

    /** {@code {day, today, facets[{name, title, color, emoji, todos[...], open}], warnings}}. */
    Map<String, Object> day(Day day, Optional<String> facet) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        List<Map<String, Object>> facets = new ArrayList<>();
        for (Facet f : scope(j, facet)) {
            List<Todo> todos = new ArrayList<>(j.facetStore(f.name()).todos(day));
            todos.sort(SHOWN);
            Map<String, Object> m = facetJson(f);
            m.put("open", todos.stream().filter(t -> t.status() == Todo.Status.OPEN).count());
            m.put("todos", todos.stream().map(TodoFields::json).toList());
            facets.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("today", today().key());
        out.put("facets", facets);
        out.put("warnings", warnings.json());
        return out;
    }

    /** {@code {from, total, todos[{day, facet, facet_title, color, ...todo}]}}: open todos, soonest first. */
    Map<String, Object> upcoming(Optional<String> facet, int limit) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        Day today = today();
        Day last = today.plusDays(UPCOMING_DAYS);
        record Item(Day day, Facet facet, Todo todo) {
        }
        List<Item> all = new ArrayList<>();
        for (Facet f : scope(j, facet)) {
            FacetStore fs = j.facetStore(f.name());
            for (Day d : fs.todoDays()) {
                if (d.compareTo(today) >= 0 && d.compareTo(last) <= 0) {
                    fs.todos(d).stream().filter(t -> t.status() == Todo.Status.OPEN)
                            .forEach(t -> all.add(new Item(d, f, t)));
                }
            }
        }
        all.sort(Comparator.comparing(Item::day).thenComparing(i -> i.todo().time().orElse("99:99"))
                .thenComparing(i -> i.facet().name()).thenComparing(Item::todo, SHOWN));
        List<Map<String, Object>> items = all.stream().limit(limit).map(i -> {
            Map<String, Object> m = TodoFields.json(i.todo());
            m.put("day", i.day().key());
            m.put("facet", i.facet().name());
            m.put("facet_title", i.facet().title());
            m.put("color", i.facet().color());
            return m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", today.key());
        out.put("to", last.key());
        out.put("total", all.size());
        out.put("todos", items);
        out.put("warnings", warnings.json());
        return out;
    }

    private Day today() {
        return new Day(LocalDate.now(clock));
    }

    /** The named facet (404 when unknown) or every unmuted facet. */
    static List<Facet> scope(Journal journal, Optional<String> facet) {
        return FacetScope.of(journal, facet);
    }

    static Facet known(Journal journal, String name) {
        return FacetScope.known(journal, name);
    }

    static Map<String, Object> facetJson(Facet f) {
        return FacetScope.json(f);
    }
}
