package dev.engram.demo;

import java.time.LocalDate;

/**
 * What to generate: {@code days} days ending on {@code end} (inclusive), {@code segmentsPerDay} five-minute
 * segments each, drawn from {@code seed}. The same spec always gives byte-identical journals.
 */
public record DemoSpec(int days, int segmentsPerDay, long seed, LocalDate end) {
    public static final int MAX_DAYS = 3650;
    public static final int MAX_SEGMENTS_PER_DAY = DayPlanner.MAX_SEGMENTS;
    public static final int DEFAULT_DAYS = 7;
    public static final int DEFAULT_SEGMENTS_PER_DAY = 12;
    public static final long DEFAULT_SEED = 42;

    public DemoSpec {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", got " + days);
        }
        if (segmentsPerDay < 1 || segmentsPerDay > MAX_SEGMENTS_PER_DAY) {
            throw new IllegalArgumentException("segments per day must be between 1 and " + MAX_SEGMENTS_PER_DAY
                    + ", got " + segmentsPerDay);
        }
        if (end == null) {
            throw new IllegalArgumentException("end date is required");
        }
    }

    public LocalDate firstDay() {
        return end.minusDays(days - 1L);
    }

    public int segments() {
        return days * segmentsPerDay;
    }
}
