package dev.engram.observe.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * How to import one file.
 *
 * @param originalName the file's name as the owner knows it (its extension picks the step)
 * @param timestamp    when the content starts ({@code --timestamp}); else {@code modified}, else now
 * @param facet        the facet it belongs to (required for calendars)
 * @param modified     the file's modification time, when known
 */
public record ImportOptions(String originalName, Optional<LocalDateTime> timestamp, Optional<String> facet,
                            Optional<Instant> modified) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    public ImportOptions {
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(facet, "facet");
        Objects.requireNonNull(modified, "modified");
    }

    /**
     * Parses a {@code --timestamp} / form value {@code YYYYMMDD_HHMMSS} strictly (a real date and time, in a year the
     * journal has days for: {@code Day.MIN_YEAR}..{@code Day.MAX_YEAR}); throws
     * {@link ImportException} {@code invalid_timestamp} with the expected form.
     */
    public static LocalDateTime parseTimestamp(String text) {
        try {
            LocalDateTime t = LocalDateTime.parse(text, STAMP);
            if (t.getYear() < dev.engram.journal.Day.MIN_YEAR || t.getYear() > dev.engram.journal.Day.MAX_YEAR) {
                throw new ImportException("invalid_timestamp", "invalid timestamp '" + text + "': the year must be "
                        + dev.engram.journal.Day.MIN_YEAR + ".." + dev.engram.journal.Day.MAX_YEAR
                        + " (the journal's days)");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new ImportException("invalid_timestamp", "invalid timestamp '" + text
                    + "': use YYYYMMDD_HHMMSS, e.g. 20240115_093000");
        }
    }
}
