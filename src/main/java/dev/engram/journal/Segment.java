package dev.engram.journal;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Comparator;

/** One capture window: {@code <journal>/YYYYMMDD/HHMMSS_LEN/}. Start and end are local clock times. */
public record Segment(Day day, SegmentKey key, Path dir) implements Comparable<Segment> {
    private static final Comparator<Segment> ORDER = Comparator.comparing(Segment::day).thenComparing(Segment::key);

    public LocalDateTime start() {
        return day.date().atTime(key.start());
    }

    /** Start plus length; may fall on the next day. */
    public LocalDateTime end() {
        return start().plusSeconds(key.lengthSeconds());
    }

    /** {@code YYYYMMDD/HHMMSS_LEN}, the segment's path relative to the journal root. */
    public String id() {
        return day.key() + "/" + key.key();
    }

    @Override
    public int compareTo(Segment other) {
        return ORDER.compare(this, other);
    }
}
