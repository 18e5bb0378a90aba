package dev.engram.demo;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Todo;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Writes one facet's day: events, detected entities, todos (some done, some cancelled), news and action logs. */
final class FacetDayMaker {
    private FacetDayMaker() {
    }

    /** Returns the number of todos written. */
    static int write(FacetStore store, FacetTheme facet, Day day, boolean lastDay, List<SegmentPlan> plans,
                     Dice dice) {
        LocalDate date = day.date();
        var events = EventMaker.occurred(date, facet, plans, dice);
        if (!events.isEmpty()) {
            store.appendEvents(day, events);
        }
        List<Entity> detected = detected(plans);
        if (!detected.isEmpty()) {
            store.addDetected(day, detected);
        }
        int todos = dice.between(1, 4);
        List<LocalTime> created = new java.util.ArrayList<>();
        for (int i = 0; i < todos; i++) {
            created.add(LocalTime.of(dice.between(7, 20), dice.between(0, 59)));
        }
        created.sort(null); // line order is the order they were added
        List<String> texts = dice.sample(facet.todos(), todos);
        for (int i = 0; i < texts.size(); i++) {
            addTodo(store, day, texts.get(i), created.get(i), lastDay, dice);
        }
        if (dice.chance(0.3)) {
            writeNews(store, facet, day, dice);
        }
        return todos;
    }

    private static void addTodo(FacetStore store, Day day, String text, LocalTime created, boolean lastDay,
                                Dice dice) {
        LocalDate date = day.date();
        LocalTime updated = created.plusMinutes(dice.between(5, 180));
        if (updated.isBefore(created)) {
            updated = LocalTime.of(23, 59);
        }
        double r = dice.unit();
        boolean done = r < (lastDay ? 0.3 : 0.6);
        boolean cancelled = !done && r < (lastDay ? 0.35 : 0.72);
        Optional<String> time = dice.chance(0.5) ? Optional.of(DemoTime.hm(LocalTime.of(dice.between(8, 20),
                dice.chance(0.5) ? 0 : 30))) : Optional.empty();
        long c = DemoTime.millis(date, created);
        long u = done || cancelled ? DemoTime.millis(date, updated) : c;
        Todo todo = store.addTodo(day, new Todo(0, text, time, done, cancelled, OptionalLong.of(c), OptionalLong.of(u),
                Extra.empty()));
        Extra params = Extra.empty().with("text", text).with("line", todo.id());
        store.log(day, entry(date, created, "todo_add", params));
        if (done || cancelled) {
            store.log(day, entry(date, updated, done ? "todo_done" : "todo_cancel",
                    Extra.empty().with("line", todo.id())));
        }
    }

    private static void writeNews(FacetStore store, FacetTheme facet, Day day, Dice dice) {
        StringBuilder sb = new StringBuilder("# ").append(facet.title()).append(" news, ").append(day.date())
                .append("\n\n");
        for (String line : dice.sample(facet.news(), dice.between(1, 3))) {
            sb.append("- ").append(line).append('\n');
        }
        store.writeNews(day, sb.toString());
        store.log(day, new ActionLogEntry(DemoTime.iso(day.date(), LocalTime.of(21, 30)), "tool", "news",
                "news_write", Extra.empty().with("day", day.key()), Optional.empty(), Optional.empty(), Extra.empty()));
    }

    private static ActionLogEntry entry(LocalDate date, LocalTime time, String action, Extra params) {
        return new ActionLogEntry(DemoTime.iso(date, time), "app", "todos", action, params, Optional.empty(),
                Optional.empty(), Extra.empty());
    }

    /** Everyone and everything the day's segments of this facet mentioned, once each, in order of appearance. */
    private static List<Entity> detected(List<SegmentPlan> plans) {
        Map<String, Entity> seen = new LinkedHashMap<>();
        for (SegmentPlan p : plans) {
            Scene s = p.scene();
            for (EntitySeed e : s.people()) {
                seen.putIfAbsent(e.name(), Entity.of(e.type(), e.name(), "Mentioned while discussing " + s.topic()));
            }
            for (EntitySeed e : s.facet().entities()) {
                if (!e.isPerson() && (e.name().equals(s.project()) || e.name().equals(s.tool()))) {
                    seen.putIfAbsent(e.name(), Entity.of(e.type(), e.name(), e.description()));
                }
            }
        }
        return List.copyOf(seen.values());
    }
}
