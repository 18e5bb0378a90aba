package dev.engram.journal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/** A journal day, stored as a {@code YYYYMMDD} folder. Ordered by date. */
public record Day(LocalDate date) implements Comparable<Day> {
    private static final Pattern KEY = Pattern.compile("\\d{8}");
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    public Day {
        if (date == null) {
            throw new IllegalArgumentException("date is required");
        }
    }

    /** Parses {@code YYYYMMDD}; throws {@link InvalidNameException} naming the expected form for anything else. */
    public static Day parse(String key) {
        return tryParse(key).orElseThrow(() -> new InvalidNameException(
                "invalid day " + Names.shown(key) + ": expected a real date as YYYYMMDD with a year from 0001 to 9998,"
                + " e.g. 20240101"));
    }

    /** The first and last year a day key may have: every day then has a previous and a next day as YYYYMMDD. */
    public static final int MIN_YEAR = 1;
    public static final int MAX_YEAR = 9998;

    /**
     * Parses {@code YYYYMMDD}, or empty when the text is not a real date in that form or its year is outside
     * {@link #MIN_YEAR}..{@link #MAX_YEAR} (year 0 and 9999 would have neighbours that are not eight digits).
     */
    public static Optional<Day> tryParse(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(key.substring(0, 4));
        if (year < MIN_YEAR || year > MAX_YEAR) {
            return Optional.empty();
        }
        try {
            // LocalDate.of, not a formatter: the key is eight digits already (KEY), and this runs per upload
            return Optional.of(new Day(LocalDate.of(year, Integer.parseInt(key.substring(4, 6)),
                    Integer.parseInt(key.substring(6, 8)))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public static Day of(int year, int month, int dayOfMonth) {
        return new Day(LocalDate.of(year, month, dayOfMonth));
    }

    /** The folder name, {@code YYYYMMDD}. */
    public String key() {
        int y = date.getYear();
        if (y < 0 || y > 9999) {
            return date.format(BASIC); // a Day built from such a date (plusDays at the edges) keeps the old form
        }
        int m = date.getMonthValue();
        int d = date.getDayOfMonth();
        char[] c = {(char) ('0' + y / 1000), (char) ('0' + y / 100 % 10), (char) ('0' + y / 10 % 10),
            (char) ('0' + y % 10), (char) ('0' + m / 10), (char) ('0' + m % 10), (char) ('0' + d / 10),
            (char) ('0' + d % 10)};
        return new String(c); // by hand, not the formatter: called many times per stored segment
    }

    /** {@code YYYY-MM-DD}, the form used inside records. */
    public String iso() {
        return date.toString();
    }

    public Day plusDays(long days) {
        return new Day(date.plusDays(days));
    }

    @Override
    public int compareTo(Day other) {
        return date.compareTo(other.date);
    }

    @Override
    public String toString() {
        return key();
    }
}
