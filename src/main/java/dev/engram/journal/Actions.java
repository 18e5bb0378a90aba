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
