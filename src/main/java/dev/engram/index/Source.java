package dev.engram.index;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an indexed journal file sits, from its journal-relative path alone: its day ({@code YYYYMMDD/...} or a
 * {@code YYYYMMDD.*} file name under a facet), its segment ({@code YYYYMMDD/HHMMSS_LEN/...}) and its facet
 * ({@code facets/<f>/...}, lowercased). Total: any path gives a Source.
 */
record Source(String path, String[] parts, Optional<Day> day, Optional<SegmentKey> segment, Optional<String> facet) {
    static Source of(String path) {
        String[] p = path.split("/");
        Optional<Day> day = Day.tryParse(p[0]);
        Optional<SegmentKey> segment = day.isPresent() && p.length == 3 ? SegmentKey.tryParse(p[1])
                : Optional.empty();
        Optional<String> facet = Optional.empty();
        if (p[0].equals("facets") && p.length >= 3) {
            facet = Optional.of(p[1].toLowerCase(Locale.ROOT));
            String last = p[p.length - 1];
            if (p.length == 4 && last.indexOf('.') == 8) {
                day = Day.tryParse(last.substring(0, 8));
            }
        }
        if (p[0].equals("imports") && p.length == 3 && p[1].length() >= 8) { // imports/YYYYMMDD_HHMMSS/summary.md
            day = Day.tryParse(p[1].substring(0, 8));
        }
        return new Source(path, p, day, segment, facet);
    }

    String fileName() {
        return parts[parts.length - 1];
    }

    /** The file name without its last extension ({@code flow.md} gives {@code flow}). */
    String baseName() {
        String n = fileName();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The facet's folder name as written in the path (not lowercased), for reading through the journal. */
    String facetFolder() {
        return parts[1];
    }

    Optional<LocalTime> segmentStart() {
        return segment.map(SegmentKey::start);
    }
}
