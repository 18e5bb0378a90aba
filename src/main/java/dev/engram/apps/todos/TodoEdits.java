package dev.engram.apps.todos;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Todos app's writes, each through {@link FacetStore}'s locked, atomic line rewrites and logged in the facet's
 * action log: {@code todo_add}, {@code todo_edit}, {@code todo_done}, {@code todo_cancel}, {@code todo_reopen},
 * {@code todo_reorder}, {@code todo_carry}.
 */
final class TodoEdits {
    static final String ACTOR = "todos";
    /** How many days back "carry over" looks for unfinished todos at most. */
    static final int MAX_CARRY_DAYS = 366;
    private final Journal journal;
    private final Clock clock;

    TodoEdits(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    Map<String, Object> add(Day day, String facetName, ObjectNode body) {
        FacetStore fs = store(facetName);
        TodoFields.onlyKnown(body, Set.of("text", "time"));
        String text = TodoFields.text(body, true).orElseThrow();
        Optional<String> time = TodoFields.time(body).flatMap(t -> t);
        Todo added = fs.addTodo(day, Todo.open(text, time, clock.millis()));
        Map<String, Object> params = params(day, added.id());
        params.put("text", text);
        time.ifPresent(t -> params.put("time", t));
        log(fs, "todo_add", params);
        return answer(day, fs, added);
    }

    Map<String, Object> edit(Day day, String facetName, int id, ObjectNode body) {
        FacetStore fs = store(facetName);
        TodoFields.onlyKnown(body, Set.of("text", "time", "status"));
        Optional<String> text = TodoFields.text(body, false);
        Optional<Optional<String>> time = TodoFields.time(body);
        Optional<Todo.Status> status = TodoFields.status(body);
        if (text.isEmpty() && time.isEmpty() && status.isEmpty()) {
            throw ApiError.badRequest("bad_request", "nothing to change: send text, time or status");
        }
        existing(fs, day, id);
        long now = clock.millis();
        AtomicReference<Todo> before = new AtomicReference<>();
        Todo after = fs.updateTodo(day, id, t -> {
            before.set(t);
            Todo next = t;
            if (text.isPresent() || time.isPresent()) {
                next = next.withText(text.orElse(t.text()), time.orElse(t.time()), now);
            }
            if (status.isPresent()) {
                next = next.withCompleted(status.get() == Todo.Status.DONE, now)
                        .withCancelled(status.get() == Todo.Status.CANCELLED, now);
            }
            return next;
        });
        Todo old = before.get();
        if (!old.text().equals(after.text()) || !old.time().equals(after.time())) {
            Map<String, Object> p = params(day, id);
            p.put("text", after.text());
            p.put("time", after.time().orElse(""));
            log(fs, "todo_edit", p);
        }
        if (old.status() != after.status()) {
            log(fs, switch (after.status()) {
                case DONE -> "todo_done";
                case CANCELLED -> "todo_cancel";
                case OPEN -> "todo_reopen";
            }, params(day, id));
        }
        return answer(day, fs, after);
    }

    /** {@code {ids: [...]}}: the day's todo ids in their new order (all of them, each once). */
    Map<String, Object> reorder(Day day, String facetName, ObjectNode body) {
        FacetStore fs = store(facetName);
        TodoFields.onlyKnown(body, Set.of("ids"));
        List<Integer> ids = new ArrayList<>();
        for (JsonNode n : TodoFields.array(body, "ids")) {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw ApiError.badRequest("invalid_ids", "'ids' must hold the todos' line numbers");
            }
            ids.add(n.asInt());
        }
        Set<Integer> present = new HashSet<>();
        fs.todos(day).forEach(t -> present.add(t.id()));
        if (ids.size() != present.size() || !present.equals(new HashSet<>(ids))) {
            throw ApiError.badRequest("invalid_order", "'ids' must list each of the day's " + present.size()
                    + " todos exactly once (reload: the list may have changed)");
        }
        long now = clock.millis();
        for (int i = 0; i < ids.size(); i++) {
            int position = i + 1;
            fs.updateTodo(day, ids.get(i), t -> TodoFields.order(t).orElse(-1) == position ? t
                    : withExtra(t, t.extra().with("order", position), now));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("day", day.key());
        p.put("order", ids);
        log(fs, "todo_reorder", p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("facet", fs.name());
        List<Todo> todos = new ArrayList<>(fs.todos(day));
        todos.sort(TodoViews.SHOWN);
        out.put("todos", todos.stream().map(TodoFields::json).toList());
        return out;
    }

    /**
     * {@code {to?, facet?, days?}}: moves the open todos of the {@code days} (default 30) days before {@code to}
     * (default today) to {@code to}. Each original is first claimed (marked cancelled with {@code moved_to}, only
     * if still open, under its file's lock, so two carries never copy it twice), then appended to the target day
     * with {@code carried_from}; if that append fails the claim is undone.
     */
    Map<String, Object> carry(ObjectNode body) {
        TodoFields.onlyKnown(body, Set.of("to", "facet", "days"));
        Day to = body.hasNonNull("to") ? Params.day(body.get("to").asString("")) : new Day(LocalDate.now(clock));
        int days = 30;
        if (body.hasNonNull("days")) {
            JsonNode d = body.get("days");
            if (!d.isIntegralNumber() || d.asInt() < 1 || d.asInt() > MAX_CARRY_DAYS) {
                throw ApiError.badRequest("invalid_days", "'days' must be a number from 1 to " + MAX_CARRY_DAYS);
            }
            days = d.asInt();
        }
        Optional<String> facet = body.hasNonNull("facet")
                ? Optional.of(Params.facet(body.get("facet").asString(""))) : Optional.empty();
        Day from = to.plusDays(-days);
        List<Map<String, Object>> carried = new ArrayList<>();
        for (Facet f : TodoViews.scope(journal, facet)) {
            FacetStore fs = journal.facetStore(f.name());
            for (Day d : fs.todoDays()) {
                if (d.compareTo(from) < 0 || d.compareTo(to) >= 0) {
                    continue;
                }
                for (Todo t : fs.todos(d)) {
                    if (t.status() == Todo.Status.OPEN) {
                        carryOne(fs, d, t.id(), to).ifPresent(moved -> {
                            Map<String, Object> m = TodoFields.json(moved);
                            m.put("facet", fs.name());
                            m.put("from_day", d.key());
                            m.put("from_id", t.id());
                            carried.add(m);
                        });
                    }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("to", to.key());
        out.put("from", from.key());
        out.put("carried", carried);
        return out;
    }

    private Optional<Todo> carryOne(FacetStore fs, Day day, int id, Day to) {
        long now = clock.millis();
        AtomicBoolean claimed = new AtomicBoolean();
        Todo original = fs.updateTodo(day, id, t -> {
            if (t.status() != Todo.Status.OPEN) {
                return t;
            }
            claimed.set(true);
            return withExtra(t.withCancelled(true, now), t.extra().with("moved_to", to.key()), now);
        });
        if (!claimed.get()) {
            return Optional.empty();
        }
        Todo added;
        try {
            Todo copy = new Todo(0, original.text(), original.time(), false, false, OptionalLong.of(now),
                    OptionalLong.of(now), original.extra().without("moved_to").without("order")
                    .with("carried_from", day.key() + "#" + id));
            added = fs.addTodo(to, copy);
        } catch (RuntimeException e) {
            fs.updateTodo(day, id, t -> withExtra(t.withCancelled(false, now), t.extra().without("moved_to"), now));
            throw e;
        }
        Map<String, Object> p = params(day, id);
        p.put("to", to.key());
        p.put("new_line_number", added.id());
        log(fs, "todo_carry", p);
        return Optional.of(added);
    }

    private static Todo withExtra(Todo t, Extra extra, long now) {
        return new Todo(t.id(), t.text(), t.time(), t.completed(), t.cancelled(), t.createdAt(), OptionalLong.of(now),
                extra);
    }

    private FacetStore store(String facetName) {
        return journal.facetStore(TodoViews.known(journal, Params.facet(facetName)).name());
    }

    private static void existing(FacetStore fs, Day day, int id) {
        if (fs.todos(day).stream().noneMatch(t -> t.id() == id)) {
            throw ApiError.notFound("unknown_todo", "there is no todo " + id + " in " + fs.name() + " on "
                    + day.key());
        }
    }

    private static Map<String, Object> params(Day day, int id) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("day", day.key());
        p.put("line_number", id);
        return p;
    }

    private void log(FacetStore fs, String action, Map<String, Object> params) {
        fs.logByApp(ACTOR, action, params, OffsetDateTime.now(clock));
    }

    private static Map<String, Object> answer(Day day, FacetStore fs, Todo todo) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("facet", fs.name());
        out.put("todo", TodoFields.json(todo));
        return out;
    }
}
