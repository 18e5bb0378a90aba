package dev.engram.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The rewrites of one facet day's {@code events/<day>.jsonl} behind {@link FacetStore}: each runs under the file's
 * lock through {@link Store#rewriteLines} (atomic replace), keeps every line it does not mean to change byte for byte
 * (malformed ones too), and decides on what it read under that lock, never on what a caller read before.
 */
final class FacetEventFile {
    private final Store store;
    private final Path file;
    private final String rel;

    FacetEventFile(Store store, Path file, String rel) {
        this.store = store;
        this.file = file;
        this.rel = rel;
    }

    /** See {@link FacetStore#replaceEvents}: the owner's edits win. */
    int replace(String source, List<FacetEvent> events) {
        return store.rewriteLines(file, lines -> {
            List<byte[]> out = new ArrayList<>();
            Set<String> owners = new HashSet<>();
            int removed = 0;
            for (JsonLines.Line line : lines) {
                Optional<FacetEvent> e = line.blank() ? Optional.empty()
                        : JsonLines.decode(line, rel, FacetEvent.CODEC, store.sink);
                if (e.isPresent() && e.get().source().equals(source) && !e.get().ownerEdited()) {
                    removed++;
                    continue;
                }
                if (e.isPresent() && e.get().source().equals(source)) {
                    owners.add(titleKey(e.get().title()));
                    e.get().extra().string(FacetEvent.EXTRACTED_TITLE).ifPresent(t -> owners.add(titleKey(t)));
                }
                if (!line.blank()) {
                    out.add(line.bytes());
                }
            }
            events.stream().filter(e -> !owners.contains(titleKey(e.title())))
                    .forEach(e -> out.add(JsonLines.encodeBytes(FacetEvent.CODEC.encode(e))));
            return new Store.Rewrite<>(out, removed);
        });
    }

    private static String titleKey(String title) {
        return title.strip().toLowerCase(Locale.ROOT);
    }

    FacetStore.EventLine add(FacetEvent event) {
        return store.rewriteLines(file, lines -> {
            List<byte[]> out = Store.rawLines(lines);
            out.add(JsonLines.encodeBytes(FacetEvent.CODEC.encode(event)));
            return new Store.Rewrite<>(out, new FacetStore.EventLine(out.size(), event));
        });
    }

    /** See {@link FacetStore#updateEvent}. */
    Optional<FacetEvent> update(int line, String fingerprint, UnaryOperator<FacetEvent> change) {
        return rewrite(line, fingerprint, change);
    }

    /** See {@link FacetStore#removeEvent}. */
    Optional<FacetEvent> remove(int line, String fingerprint) {
        return rewrite(line, fingerprint, null);
    }

    /**
     * Rewrites the event on {@code line} with {@code change} (removes it when {@code change} is null) if that line
     * still holds the event with {@code fingerprint}; empty, and nothing written, when it holds something else now.
     */
    private Optional<FacetEvent> rewrite(int line, String fingerprint, UnaryOperator<FacetEvent> change) {
        if (!Staging.exists(file)) {
            return Optional.empty();
        }
        return store.rewriteLines(file, lines -> {
            Optional<FacetEvent> current = line < 1 || line > lines.size() ? Optional.empty()
                    : JsonLines.decode(lines.get(line - 1), rel, FacetEvent.CODEC, store.sink)
                    .filter(e -> e.fingerprint().equals(fingerprint));
            List<byte[]> out = Store.rawLines(lines);
            if (current.isEmpty()) {
                return new Store.Rewrite<>(out, Optional.<FacetEvent>empty());
            }
            if (change == null) {
                out.remove(line - 1);
                return new Store.Rewrite<>(out, current);
            }
            FacetEvent next = change.apply(current.get());
            out.set(line - 1, JsonLines.encodeBytes(FacetEvent.CODEC.encode(next)));
            return new Store.Rewrite<>(out, Optional.of(next));
        });
    }
}
