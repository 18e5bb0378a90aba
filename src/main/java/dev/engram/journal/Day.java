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
                "invalid day " + Names.shown(key) + ": expected a real date as YYYYMMDD, e.g. 20240101"));
    }

    /** Parses {@code YYYYMMDD}, or empty when the text is not a real date in that form. */
    public static Optional<Day> tryParse(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Day(LocalDate.parse(key, BASIC)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public static Day of(int year, int month, int dayOfMonth) {
        return new Day(LocalDate.of(year, month, dayOfMonth));
    }

    /** The folder name, {@code YYYYMMDD}. */
    public String key() {
        return date.format(BASIC);
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
