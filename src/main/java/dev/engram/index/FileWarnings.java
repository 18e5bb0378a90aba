package dev.engram.index;

import dev.engram.journal.Warning;
import dev.engram.journal.WarningSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The index's journal warnings, at most one per file per formatting: the journal reads JSON-lines leniently and warns
 * once per bad line (each echoing the line), so a file of random bytes gave dozens of warnings. While a file is
 * formatted ({@link #oneEach}), the warnings raised on that thread are held per file; when it is done each file gives
 * one warning: its first, with the number of further ones. Warnings outside a formatting pass straight through.
 * Thread-safe: the holding is per thread (the index's workers format different files at once).
 */
final class FileWarnings implements WarningSink {
    private final WarningSink out;
    private final ThreadLocal<Map<String, Held>> held = new ThreadLocal<>();

    private record Held(Warning first, int count) {
    }

    FileWarnings(WarningSink out) {
        this.out = out;
    }

    @Override
    public void warn(Warning w) {
        Map<String, Held> h = held.get();
        if (h == null) {
            out.warn(w);
        } else {
            h.merge(w.file(), new Held(w, 1), (a, b) -> new Held(a.first(), a.count() + 1));
        }
    }

    /** Runs {@code formatting} holding its warnings, then gives at most one warning per file it warned about. */
    <T> T oneEach(Supplier<T> formatting) {
        Map<String, Held> outer = held.get();
        Map<String, Held> mine = new LinkedHashMap<>();
        held.set(mine);
        try {
            return formatting.get();
        } finally {
            if (outer == null) {
                held.remove();
            } else {
                held.set(outer);
            }
            for (Held h : mine.values()) {
                Warning f = h.first();
                out.warn(h.count() == 1 ? f : new Warning(f.file(), f.line(), f.message() + " (and " + (h.count() - 1)
                        + " more warning(s) for this file, not shown)"));
            }
        }
    }
}
