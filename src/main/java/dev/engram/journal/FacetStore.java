package dev.engram.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The files of one facet: {@code facets/<name>/} with {@code facet.json}, attached and detected entities, events,
 * todos, news and action logs. Obtained from {@link Journal#facetStore(String)}. Thread-safe.
 */
public final class FacetStore {
    private final Store store;
    private final String name;
    private final Path dir;

    FacetStore(Store store, String name) {
        this.store = store;
        this.name = name;
        this.dir = store.at("facets", name);
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return Files.isDirectory(dir) && store.inside(dir);
    }

    /** The facet's metadata; a folder without {@code facet.json} reads as titled by its name, with a warning. */
    public Facet read() {
        Path file = dir.resolve("facet.json");
        if (!Staging.exists(file)) {
            store.sink.warn(new Warning(store.rel(dir), 0,
                    "facet has no facet.json (older journal); using its folder name as title"));
            return Facet.named(name);
        }
        return store.readObject(file).map(o -> Facet.decode(name, o)).orElseGet(() -> Facet.named(name));
    }

    /** Creates or replaces {@code facet.json} (unknown keys of {@code facet} are written back). */
    public Facet save(Facet facet) {
        checkName(facet);
        Path file = write("facet.json");
        return store.locks.withLock(file, () -> {
            store.writeObject(file, facet.encode());
            return facet;
        });
    }

    /**
     * Creates the facet; throws {@link FacetExistsException} when its folder already exists. The check and the write
     * happen under the file's lock, so of two concurrent creations exactly one succeeds. The facet is built in a
     * hidden folder inside {@code facets/} ({@code .facet-<name>.tmp-<random>}) and renamed into place, so a crash
     * leaves either no facet or a complete one; a hidden leftover is ignored by readers and removed by the next
     * creation of that facet, as is a facet folder holding nothing but hidden temp files (left by older versions).
     */
    public Facet create(Facet facet) {
        checkName(facet);
        Path target = store.path("facets", name);
        Path facets = target.getParent();
        return store.locks.withLock(target.resolve("facet.json"), () -> {
            removeLeftovers(facets);
            if (Staging.exists(target)) {
                if (!onlyHiddenFiles(target)) {
                    throw new FacetExistsException("a facet named '" + name + "' already exists");
                }
                store.removeTree(target, new long[2]);
            }
            Path temp = facets.resolve(TEMP_PREFIX + name + ".tmp-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                Files.createDirectories(facets);
                Files.createDirectory(temp);
                DurableFiles.writeAtomically(temp.resolve("facet.json"),
                        Json.writePretty(facet.encode()).getBytes(StandardCharsets.UTF_8), store.durability);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                if (store.durability == Durability.SYNC) {
                    DurableFiles.syncDirectory(facets);
                }
                store.announce(target.resolve("facet.json"));
            } catch (IOException e) {
                store.removeTree(temp, new long[2]);
                throw new JournalException("cannot create facet " + store.rel(target) + ": "
                        + DurableFiles.describe(e) + "; check that the journal folder is writable", e);
            }
            return facet;
        });
    }

    private static final String TEMP_PREFIX = ".facet-";

    private void removeLeftovers(Path facets) {
        String prefix = TEMP_PREFIX + name + ".tmp-";
        for (Path p : store.list(facets)) {
            if (Store.name(p).startsWith(prefix)) {
                store.removeTree(p, new long[2]);
            }
        }
    }

    private boolean onlyHiddenFiles(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return store.list(folder).stream().allMatch(p -> Store.name(p).startsWith(".")
                && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    }

    private void checkName(Facet facet) {
        if (!facet.name().equals(name)) {
            throw new JournalException("facet '" + facet.name() + "' cannot be saved as facet '" + name + "'");
        }
    }

    /** Changes {@code facet.json} atomically, serialized with other writers of it. */
    public Facet update(UnaryOperator<Facet> change) {
        Path file = write("facet.json");
        return store.update(file, current -> change.apply(current.map(o -> Facet.decode(name, o))
                .orElseGet(() -> Facet.named(name))).encode(), o -> Facet.decode(name, o));
    }

    /** Warns about entries of the facet folder that are not part of the format (nothing is read). */
    public void checkLayout() {
        for (Path p : store.list(dir)) {
            String n = Store.name(p);
            if (!n.startsWith(".") && !KNOWN_ENTRIES.contains(n)) {
                store.sink.warn(new Warning(store.rel(p), 0, "ignored: not part of the facet format"));
            }
        }
    }

    private static final java.util.Set<String> KNOWN_ENTRIES = java.util.Set.of("facet.json", "entities.jsonl",
            "entities", "events", "todos", "news", "logs", "activities");

    // ---- entities ----

    /** Attached entities, including soft-deleted ({@code detached}) ones, in file order. */
    public List<Entity> entities() {
        return values(JsonLines.read(store, dir.resolve("entities.jsonl"), Entity.CODEC));
    }

    /** Attached entities that are not detached. */
    public List<Entity> attachedEntities() {
        return entities().stream().filter(e -> !e.detached()).toList();
    }

    /**
     * Changes the attached entities atomically. Lines that are not valid entities are kept as they are, so a
     * hand-edited file loses nothing.
     */
    public List<Entity> updateEntities(UnaryOperator<List<Entity>> change) {
        Path file = write("entities.jsonl");
        return store.rewriteLines(file, lines -> {
            List<Entity> current = new ArrayList<>();
            List<byte[]> kept = new ArrayList<>();
            for (JsonLines.Line line : lines) {
                Optional<Entity> e = JsonLines.decode(line, rel("entities.jsonl"), Entity.CODEC, store.sink);
                if (e.isPresent()) {
                    current.add(e.get());
                } else if (!line.blank()) {
                    kept.add(line.bytes());
                }
            }
            List<Entity> next = List.copyOf(change.apply(List.copyOf(current)));
            List<byte[]> out = new ArrayList<>(kept);
            next.forEach(e -> out.add(JsonLines.encodeBytes(Entity.CODEC.encode(e))));
            return new Store.Rewrite<>(out, next);
        });
    }

    public List<Entity> detectedEntities(Day day) {
        return values(JsonLines.read(store, dir.resolve("entities").resolve(day.key() + ".jsonl"), Entity.CODEC));
    }

    public List<Day> detectedDays() {
        return Days.datedFiles(store, dir.resolve("entities"), ".jsonl");
    }

    public void addDetected(Day day, List<Entity> entities) {
        store.appendLines(write("entities", day.key() + ".jsonl"),
                entities.stream().map(Entity.CODEC::encode).toList());
    }

    // ---- events ----

    public List<FacetEvent> events(Day day) {
        return values(JsonLines.read(store, dir.resolve("events").resolve(day.key() + ".jsonl"), FacetEvent.CODEC));
    }

    public List<Day> eventDays() {
        return Days.datedFiles(store, dir.resolve("events"), ".jsonl");
    }

    public void appendEvents(Day day, List<FacetEvent> events) {
        store.appendLines(write("events", day.key() + ".jsonl"),
                events.stream().map(FacetEvent.CODEC::encode).toList());
    }

    /**
     * Atomically replaces the day's events that came from {@code source} (a journal path, e.g. an insight's) with
     * {@code events}, so re-running what produced them never duplicates them. Other lines, and lines that are not
     * valid events, stay exactly as they were. <b>The owner's edits win:</b> an event of that source the owner edited
     * ({@link FacetEvent#ownerEdited()}) is kept as it is, and a new event with its title (or the title it had before
     * the owner's edit, {@link FacetEvent#EXTRACTED_TITLE}) is not added beside it. Returns how many events were
     * removed.
     */
    public int replaceEvents(Day day, String source, List<FacetEvent> events) {
        return eventFile(day).replace(source, events);
    }

    /** An event and the (1-based, physical) line of {@code events/<day>.jsonl} it is on. */
    public record EventLine(int line, FacetEvent event) {
    }

    /** The day's events with their line numbers; malformed lines are skipped with a warning and keep their number. */
    public List<EventLine> eventLines(Day day) {
        return JsonLines.read(store, dir.resolve("events").resolve(day.key() + ".jsonl"), FacetEvent.CODEC).stream()
                .map(n -> new EventLine(n.line(), n.value())).toList();
    }

    /** Adds one event as the next line of the day's file, under the file's lock; returns it with its line. */
    public EventLine addEvent(Day day, FacetEvent event) {
        return eventFile(day).add(event);
    }

    /**
     * Rewrites the event on {@code line} in place, only if that line still holds the event with {@code fingerprint}
     * ({@link FacetEvent#fingerprint()}), checked under the file's lock; no other line changes. Empty (and nothing
     * written) when the line holds something else now: the file changed since the caller read it.
     */
    public Optional<FacetEvent> updateEvent(Day day, int line, String fingerprint, UnaryOperator<FacetEvent> change) {
        return eventFile(day).update(line, fingerprint, change);
    }

    /** Removes the event on {@code line} if it still has {@code fingerprint} (as {@link #updateEvent}); the removed one. */
    public Optional<FacetEvent> removeEvent(Day day, int line, String fingerprint) {
        return eventFile(day).remove(line, fingerprint);
    }

    private FacetEventFile eventFile(Day day) {
        return new FacetEventFile(store, write("events", day.key() + ".jsonl"), rel("events/" + day.key() + ".jsonl"));
    }

    // ---- todos ----

    /** The day's todos; each id is its line number. Malformed lines are skipped (with a warning) but keep their id. */
    public List<Todo> todos(Day day) {
        return JsonLines.read(store, dir.resolve("todos").resolve(day.key() + ".jsonl"), Todo.CODEC).stream()
                .map(n -> n.value().withId(n.line())).toList();
    }

    public List<Day> todoDays() {
        return Days.datedFiles(store, dir.resolve("todos"), ".jsonl");
    }

    /** Adds a todo as the next line; returns it with its permanent id. */
    public Todo addTodo(Day day, Todo todo) {
        return store.rewriteLines(todoFile(day), lines -> {
            List<byte[]> out = Store.rawLines(lines);
            out.add(JsonLines.encodeBytes(Todo.CODEC.encode(todo)));
            return new Store.Rewrite<>(out, todo.withId(out.size()));
        });
    }

    /**
     * Adds a todo as line {@code expectedId}, which must be the next free line (the reference's {@code todo_add}
     * guard against two writers adding at once); checked under the file's lock. Throws {@link JournalException}
     * naming the next free line when it is not.
     */
    public Todo addTodoAt(Day day, int expectedId, Todo todo) {
        return store.rewriteLines(todoFile(day), lines -> {
            if (expectedId != lines.size() + 1) {
                throw new JournalException("line " + expectedId + " is not the next free line of todos/" + day.key()
                        + ".jsonl: the next free line is " + (lines.size() + 1));
            }
            List<byte[]> out = Store.rawLines(lines);
            out.add(JsonLines.encodeBytes(Todo.CODEC.encode(todo)));
            return new Store.Rewrite<>(out, todo.withId(out.size()));
        });
    }

    /** The number of lines of the day's todo file (the next todo gets this plus one). */
    public int todoLines(Day day) {
        return JsonLines.lines(todoFile(day), rel("todos/" + day.key() + ".jsonl"), store.sink).size();
    }

    /** Rewrites todo {@code id} in place; no other line changes. */
    public Todo updateTodo(Day day, int id, UnaryOperator<Todo> change) {
        String f = "todos/" + day.key() + ".jsonl";
        return store.rewriteLines(todoFile(day), lines -> {
            if (id < 1 || id > lines.size()) {
                throw new JournalException("no todo " + id + " in " + rel(f) + " (it has " + lines.size() + " lines)");
            }
            JsonLines.Line line = lines.get(id - 1);
            Todo current = JsonLines.decode(line, rel(f), Todo.CODEC, store.sink).orElseThrow(() ->
                    new JournalException("todo " + id + " in " + rel(f) + " is not a valid todo line; fix it by hand"))
                    .withId(id);
            Todo next = change.apply(current).withId(id);
            List<byte[]> out = Store.rawLines(lines);
            out.set(id - 1, JsonLines.encodeBytes(Todo.CODEC.encode(next)));
            return new Store.Rewrite<>(out, next);
        });
    }

    private Path todoFile(Day day) {
        return write("todos", day.key() + ".jsonl");
    }

    /** A file of this facet to write: checked to stay inside the journal's real path. */
    private Path write(String... parts) {
        String[] all = new String[parts.length + 2];
        all[0] = "facets";
        all[1] = name;
        System.arraycopy(parts, 0, all, 2, parts.length);
        return store.path(all);
    }

    // ---- news and logs ----

    public Optional<String> news(Day day) {
        return store.readText(dir.resolve("news").resolve(day.key() + ".md"));
    }

    public List<Day> newsDays() {
        return Days.datedFiles(store, dir.resolve("news"), ".md");
    }

    public void writeNews(Day day, String markdown) {
        store.writeText(write("news", day.key() + ".md"), markdown);
    }

    public List<ActionLogEntry> logs(Day day) {
        return values(JsonLines.read(store, dir.resolve("logs").resolve(day.key() + ".jsonl"), ActionLogEntry.CODEC));
    }

    /** Appends a facet-level action log entry (its {@code facet} is set to this facet). */
    public void log(Day day, ActionLogEntry entry) {
        store.appendLines(write("logs", day.key() + ".jsonl"),
                List.of(ActionLogEntry.CODEC.encode(entry.inFacet(name))));
    }

    /**
     * Logs one change an app made (its name as the actor, {@code source: app}) at {@code now}, in the log of now's
     * day, with {@code params} in their order.
     */
    public void logByApp(String app, String action, java.util.Map<String, ?> params, java.time.OffsetDateTime now) {
        Extra extra = Extra.empty();
        for (java.util.Map.Entry<String, ?> e : params.entrySet()) {
            extra = extra.with(e.getKey(), e.getValue());
        }
        log(new Day(now.toLocalDate()), ActionLogEntry.byApp(app, action, extra, now));
    }

    private String rel(String file) {
        return "facets/" + name + "/" + file;
    }

    static <T> List<T> values(List<JsonLines.Numbered<T>> numbered) {
        return numbered.stream().map(JsonLines.Numbered::value).toList();
    }
}
