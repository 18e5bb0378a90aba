package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.journal.Day;
import dev.engram.journal.FacetStore;
import dev.engram.journal.JournalException;
import dev.engram.journal.Todo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code todo} pack: {@code todo_list}, {@code todo_add}, {@code todo_cancel}, {@code todo_done},
 * {@code todo_upcoming} over {@code facets/<f>/todos/<day>.jsonl}, where a todo's id is its 1-based line number.
 */
final class TodoTools {
    static final String PACK = "todo";
    /** How many days ahead {@code todo_upcoming} looks. */
    static final int UPCOMING_DAYS = 366;
    private final ToolEnv env;

    TodoTools(ToolEnv env) {
        this.env = env;
    }

    List<ToolDef> defs() {
        Schema dayFacet = Schema.of().day("day", true, "the day, YYYYMMDD").facet("facet", true, "the facet");
        Schema line = Schema.of().day("day", true, "the day, YYYYMMDD").facet("facet", true, "the facet")
                .integer("line_number", true, "the todo's line number, as todo_list shows it", 1, 100_000);
        return List.of(
                ToolDef.read(PACK, "todo_list", "List a facet's todos of one day with their line numbers (the ids"
                        + " the other todo tools take) and the next free line number.", dayFacet, this::list),
                ToolDef.write(PACK, "todo_add", "Add a todo to a facet's day. line_number must be the next free line"
                        + " number (todo_list tells it), so two writers never add over each other.",
                        Schema.of().day("day", true, "the day, YYYYMMDD").facet("facet", true, "the facet")
                                .integer("line_number", true, "the next free line number", 1, 100_000)
                                .string("text", true, "what to do"), this::add),
                ToolDef.write(PACK, "todo_cancel", "Cancel a todo (it stays in the list, marked cancelled).", line,
                        (a, c) -> change(a, c, "todo_cancel")),
                ToolDef.write(PACK, "todo_done", "Mark a todo done.", line, (a, c) -> change(a, c, "todo_done")),
                ToolDef.read(PACK, "todo_upcoming", "Open todos from today on, soonest first, across the facets (or"
                        + " one facet).", Schema.of().integer("limit", false, "how many (default 20)", 1, 200)
                        .facet("facet", false, "only this facet"), this::upcoming));
    }

    private String list(Args a, ToolCaller caller) {
        Day day = a.day("day");
        FacetStore fs = env.facet(a.string("facet"), caller);
        ObjectNode o = ToolJson.object();
        o.put("day", day.key());
        o.put("facet", fs.name());
        ArrayNode todos = o.putArray("todos");
        fs.todos(day).forEach(t -> todos.add(Records.todo(t)));
        o.put("next_line_number", fs.todoLines(day) + 1);
        return ToolJson.write(o);
    }

    private String add(Args a, ToolCaller caller) {
        Day day = a.day("day");
        FacetStore fs = env.facet(a.string("facet"), caller);
        String text = a.text("text");
        int lineNumber = a.integer("line_number");
        Todo added;
        try {
            added = fs.addTodoAt(day, lineNumber, Todo.open(text, Optional.empty(), env.nowMillis()));
        } catch (JournalException e) {
            throw new ToolArgException("todo_add: " + e.getMessage() + "; call todo_list to see the day's todos,"
                    + " then add with that line_number");
        }
        env.logAction(fs, caller, "todo_add", a.json());
        ObjectNode o = ToolJson.object();
        o.put("day", day.key());
        o.put("facet", fs.name());
        o.set("todo", Records.todo(added));
        return ToolJson.write(o);
    }

    private String change(Args a, ToolCaller caller, String action) {
        Day day = a.day("day");
        FacetStore fs = env.facet(a.string("facet"), caller);
        int id = a.integer("line_number");
        Todo current = fs.todos(day).stream().filter(t -> t.id() == id).findFirst().orElseThrow(() ->
                new ToolArgException(action + ": there is no todo at line " + id + " of " + fs.name() + " on "
                        + day.key() + "; call todo_list for the day's line numbers"));
        if (current.status() != Todo.Status.OPEN) { // a closed todo (maybe the owner's own doing) is left as it is
            throw new ToolArgException(action + ": the todo at line " + id + " of " + fs.name() + " on " + day.key()
                    + " is already " + current.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "; only open todos can be marked done or cancelled, nothing was changed");
        }
        long now = env.nowMillis();
        Todo changed = fs.updateTodo(day, id, t -> action.equals("todo_done") ? t.withCompleted(true, now)
                : t.withCancelled(true, now));
        env.logAction(fs, caller, action, a.json());
        ObjectNode o = ToolJson.object();
        o.put("day", day.key());
        o.put("facet", fs.name());
        o.set("todo", Records.todo(changed));
        return ToolJson.write(o);
    }

    private String upcoming(Args a, ToolCaller caller) {
        int limit = a.integer("limit", 20);
        List<String> facets = a.optString("facet").map(f -> List.of(env.facet(f, caller).name()))
                .orElseGet(() -> List.copyOf(env.visibleFacets(caller)));
        Day today = env.today();
        Day last = today.plusDays(UPCOMING_DAYS);
        record Upcoming(Day day, String facet, Todo todo) {
        }
        List<Upcoming> all = new ArrayList<>();
        for (String f : facets) {
            FacetStore fs = env.journal().facetStore(f);
            for (Day d : fs.todoDays()) {
                if (d.compareTo(today) >= 0 && d.compareTo(last) <= 0) {
                    fs.todos(d).stream().filter(t -> t.status() == Todo.Status.OPEN)
                            .forEach(t -> all.add(new Upcoming(d, f, t)));
                }
            }
        }
        all.sort(Comparator.comparing(Upcoming::day).thenComparing(u -> u.todo().time().orElse("99:99"))
                .thenComparing(Upcoming::facet).thenComparingInt(u -> u.todo().id()));
        ObjectNode o = ToolJson.object();
        o.put("from", today.key());
        o.put("total", all.size());
        ArrayNode out = o.putArray("todos");
        all.stream().limit(limit).forEach(u -> {
            ObjectNode t = Records.todo(u.todo());
            t.put("day", u.day().key());
            t.put("facet", u.facet());
            out.add(t);
        });
        return ToolJson.write(o);
    }
}
