package dev.engram.journal;

import java.nio.file.Path;
import java.util.List;

/** Token usage logs, {@code tokens/YYYYMMDD.jsonl} (by local date): append-only. */
public final class Tokens {
    private final Store store;

    Tokens(Store store) {
        this.store = store;
    }

    public void record(Day day, TokenUsage usage) {
        store.appendLines(file(day), List.of(TokenUsage.CODEC.encode(usage)));
    }

    public List<TokenUsage> read(Day day) {
        return FacetStore.values(JsonLines.read(store, store.at("tokens", day.key() + ".jsonl"), TokenUsage.CODEC));
    }

    public List<Day> days() {
        return Days.datedFiles(store, store.at("tokens"), ".jsonl");
    }

    private Path file(Day day) {
        return store.path("tokens", day.key() + ".jsonl");
    }
}
