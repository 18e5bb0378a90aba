package dev.engram.journal;

import java.nio.file.Path;
import java.util.List;

/** The journal-level action log, {@code config/actions/YYYYMMDD.jsonl}: append-only, one entry per change. */
public final class Actions {
    private final Store store;

    Actions(Store store) {
        this.store = store;
    }

    public void log(Day day, ActionLogEntry entry) {
        store.appendLines(file(day), List.of(ActionLogEntry.CODEC.encode(entry)));
    }

    /**
     * Logs one change made by an app (its name as the actor) today, local time, with {@code params} in their order:
     * the one way the apps write their action-log entries.
     */
    public void logByApp(String app, String action, java.util.Map<String, ?> params) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        Extra extra = Extra.empty();
        for (java.util.Map.Entry<String, ?> e : params.entrySet()) {
            extra = extra.with(e.getKey(), e.getValue());
        }
        log(new Day(now.toLocalDate()), ActionLogEntry.byApp(app, action, extra, now));
    }

    public List<ActionLogEntry> read(Day day) {
        return FacetStore.values(JsonLines.read(store, store.at("config", "actions", day.key() + ".jsonl"),
                ActionLogEntry.CODEC));
    }

    public List<Day> days() {
        return Days.datedFiles(store, store.at("config", "actions"), ".jsonl");
    }

    private Path file(Day day) {
        return store.path("config", "actions", day.key() + ".jsonl");
    }
}
