package dev.engram.journal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One durable write to the journal, as announced by {@link JournalChanges}: what kind of file changed, its
 * journal-relative path ({@code /} separators), and the day and facet it belongs to when it has them. The kind, day
 * and facet are derived from the path alone, so the same path always gives the same change.
 *
 * @param kind  what changed
 * @param path  journal-relative path of the file (or of the segment folder for {@link Kind#SEGMENT}); empty for
 *              {@link Kind#MISSED}
 * @param day   the day of a dated file or of a segment
 * @param facet the facet of a file under {@code facets/<facet>/}
 */
public record JournalChange(Kind kind, String path, Optional<Day> day, Optional<String> facet) {
    /** The kinds of change; {@link #wireName()} is the name used on the bus ({@code journal.changed}'s {@code kind}). */
    public enum Kind {
        /** {@code config/journal.json}. */
        CONFIG,
        /** {@code config/convey.json}. */
        CONVEY,
        /** {@code config/actions/YYYYMMDD.jsonl} (journal level) or {@code facets/<f>/logs/YYYYMMDD.jsonl}. */
        ACTION_LOG,
        /** {@code facets/<f>/facet.json}. */
        FACET,
        /** {@code facets/<f>/entities.jsonl} (attached) or {@code facets/<f>/entities/YYYYMMDD.jsonl} (detected). */
        ENTITIES,
        /** {@code facets/<f>/events/YYYYMMDD.jsonl}. */
        EVENTS,
        /** {@code facets/<f>/todos/YYYYMMDD.jsonl}. */
        TODOS,
        /** {@code facets/<f>/news/YYYYMMDD.md}. */
        NEWS,
        /** {@code tokens/YYYYMMDD.jsonl}. */
        TOKENS,
        /** {@code agents/<id>_active.jsonl} or {@code agents/<id>.jsonl}. */
        AGENT,
        /** a file under {@code apps/<app>/}. */
        APP_FILE,
        /** {@code YYYYMMDD/insights/<topic>.md} or a segment's {@code <topic>.md}. */
        INSIGHT,
        /** a segment folder {@code YYYYMMDD/HHMMSS_LEN} that appeared (created, or committed whole). */
        SEGMENT,
        /**
         * any other file of a segment: captures, extracts, {@code events.jsonl}, written into an existing segment (the
         * files of a segment committed whole come with its one {@link #SEGMENT} change).
         */
        SEGMENT_FILE,
        /** a journal file outside the layout above. */
        OTHER,
        /**
         * Not a write: this subscriber's queue overflowed and changes were dropped for it; it should rescan what it
         * derives from the journal.
         */
        MISSED;

        /** The lower-case name used on the bus, e.g. {@code segment_file}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a bus message names ({@link #wireName()}), or empty for a name that is none. */
        public static Optional<Kind> fromWire(String wire) {
            for (Kind k : values()) {
                if (k.wireName().equals(wire)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public JournalChange {
        if (kind == null || path == null) {
            throw new IllegalArgumentException("kind and path are required");
        }
        day = day == null ? Optional.empty() : day;
        facet = facet == null ? Optional.empty() : facet;
    }

    /** The notice given to a subscriber that missed changes (see {@link Kind#MISSED}). */
    public static JournalChange missed() {
        return new JournalChange(Kind.MISSED, "", Optional.empty(), Optional.empty());
    }

    /** The segment key ({@code HHMMSS_LEN}) when the path is a segment folder or a file in one. */
    public Optional<String> segment() {
        String[] p = path.split("/");
        return day.isPresent() && p.length >= 2 && SegmentKey.tryParse(p[1]).isPresent()
                ? Optional.of(p[1]) : Optional.empty();
    }

    /**
     * The fields of the bus event {@code journal.changed}: {@code kind} (wire name), {@code path}, {@code day}
     * ({@code YYYYMMDD} or null), {@code facet} (or null), in that order.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.wireName());
        m.put("path", path);
        m.put("day", day.map(Day::key).orElse(null));
        m.put("facet", facet.orElse(null));
        return m;
    }

    /** The change a write of {@code rel} (journal-relative, {@code /} separators) announces. */
    static JournalChange of(String rel) {
        String[] p = rel.split("/");
        String last = p[p.length - 1];
        Optional<Day> dated = p.length > 1 ? datedName(last) : Optional.empty();
        if (p[0].equals("config") && p.length == 2 && last.equals("journal.json")) {
            return change(Kind.CONFIG, rel, Optional.empty(), null);
        }
        if (p[0].equals("config") && p.length == 2 && last.equals("convey.json")) {
            return change(Kind.CONVEY, rel, Optional.empty(), null);
        }
        if (p[0].equals("config") && p.length == 3 && p[1].equals("actions")) {
            return change(Kind.ACTION_LOG, rel, dated, null);
        }
        if (p[0].equals("facets") && p.length >= 3) {
            return facetChange(rel, p, dated);
        }
        if (p[0].equals("tokens") && p.length == 2) {
            return change(Kind.TOKENS, rel, dated, null);
        }
        if (p[0].equals("agents")) {
            return change(Kind.AGENT, rel, Optional.empty(), null);
        }
        if (p[0].equals("apps") && p.length >= 3) {
            return change(Kind.APP_FILE, rel, Optional.empty(), null);
        }
        Optional<Day> day = Day.tryParse(p[0]);
        if (day.isPresent() && p.length == 3 && p[1].equals("insights")) {
            return change(Kind.INSIGHT, rel, day, null);
        }
        if (day.isPresent() && p.length >= 2 && SegmentKey.tryParse(p[1]).isPresent()) {
            if (p.length == 2) {
                return change(Kind.SEGMENT, rel, day, null);
            }
            return change(last.endsWith(".md") ? Kind.INSIGHT : Kind.SEGMENT_FILE, rel, day, null);
        }
        return change(Kind.OTHER, rel, day, null);
    }

    private static JournalChange facetChange(String rel, String[] p, Optional<Day> dated) {
        String facet = p[1];
        if (p.length == 3) {
            return change(switch (p[2]) {
                case "facet.json" -> Kind.FACET;
                case "entities.jsonl" -> Kind.ENTITIES;
                default -> Kind.OTHER;
            }, rel, Optional.empty(), facet);
        }
        Kind kind = p.length != 4 ? Kind.OTHER : switch (p[2]) {
            case "entities" -> Kind.ENTITIES;
            case "events" -> Kind.EVENTS;
            case "todos" -> Kind.TODOS;
            case "news" -> Kind.NEWS;
            case "logs" -> Kind.ACTION_LOG;
            default -> Kind.OTHER;
        };
        return change(kind, rel, dated, facet);
    }

    private static Optional<Day> datedName(String fileName) {
        int dot = fileName.indexOf('.');
        return dot == 8 ? Day.tryParse(fileName.substring(0, 8)) : Optional.empty();
    }

    private static JournalChange change(Kind kind, String rel, Optional<Day> day, String facet) {
        return new JournalChange(kind, rel, day, Optional.ofNullable(facet));
    }
}
