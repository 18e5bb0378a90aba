package dev.engram.journal;

import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment's folder name {@code HHMMSS_LEN}: start time of day and length in seconds. Ordered by start, then
 * length. Drafts ({@code HHMMSS_draft}, still being recorded) are not segment keys.
 *
 * <p>{@link #parse} is strict (for names from outside); {@link #tryParse} also accepts folder names of real journals
 * whose time is out of range (e.g. {@code 234567_300}): such a key keeps its exact name, and its start is the
 * digits read as a number of seconds ({@code 23:46:07}, capped at {@code 23:59:59}); {@link #wellFormed()} is false.
 */
public final class SegmentKey implements Comparable<SegmentKey> {
    private static final Pattern KEY = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})_(0|[1-9]\\d{0,5})");
    private static final int DAY_SECONDS = 24 * 3600;
    private final int hours;
    private final int minutes;
    private final int seconds;
    private final int lengthSeconds;

    private SegmentKey(int hours, int minutes, int seconds, int lengthSeconds) {
        this.hours = hours;
        this.minutes = minutes;
        this.seconds = seconds;
        this.lengthSeconds = lengthSeconds;
    }

    /** A key for a real time of day and a length of at least 0 seconds. */
    public static SegmentKey of(LocalTime start, int lengthSeconds) {
        if (lengthSeconds < 0 || lengthSeconds > 999_999) {
            throw new IllegalArgumentException("segment length must be 0..999999 seconds: " + lengthSeconds);
        }
        return new SegmentKey(start.getHour(), start.getMinute(), start.getSecond(), lengthSeconds);
    }

    /** Parses {@code HHMMSS_LEN} with a real time of day; throws {@link InvalidNameException} for anything else. */
    public static SegmentKey parse(String key) {
        return tryParse(key).filter(SegmentKey::wellFormed).orElseThrow(() -> new InvalidNameException(
                "invalid segment " + Names.shown(key)
                        + ": expected HHMMSS_LEN with a real time of day and a length in seconds, e.g. 143000_300"));
    }

    /** Parses any {@code HHMMSS_LEN} folder name (see the class comment), or empty. */
    public static Optional<SegmentKey> tryParse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SegmentKey(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    /** Whether HH, MM and SS form a real time of day. */
    public boolean wellFormed() {
        return hours < 24 && minutes < 60 && seconds < 60;
    }

    public LocalTime start() {
        return LocalTime.ofSecondOfDay(Math.min(DAY_SECONDS - 1, startSecond()));
    }

    public int lengthSeconds() {
        return lengthSeconds;
    }

    private int startSecond() {
        return hours * 3600 + minutes * 60 + seconds;
    }

    /** The folder name, exactly as on disk. */
    public String key() {
        // by hand, not String.format: called several times per stored segment on the ingest path
        StringBuilder b = new StringBuilder(14);
        two(b, hours);
        two(b, minutes);
        two(b, seconds);
        return b.append('_').append(lengthSeconds).toString();
    }

    private static void two(StringBuilder b, int v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    @Override
    public int compareTo(SegmentKey other) {
        int c = Integer.compare(startSecond(), other.startSecond());
        return c != 0 ? c : Integer.compare(lengthSeconds, other.lengthSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentKey k && k.hours == hours && k.minutes == minutes && k.seconds == seconds
                && k.lengthSeconds == lengthSeconds;
    }

    @Override
    public int hashCode() {
        return ((hours * 100 + minutes) * 100 + seconds) * 31 + lengthSeconds;
    }

    @Override
    public String toString() {
        return key();
    }
}
