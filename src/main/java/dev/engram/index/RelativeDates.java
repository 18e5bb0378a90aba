package dev.engram.index;

import dev.engram.journal.Day;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative-date phrases in a query, read as a day range and taken out of the words searched (HEAD's addition to the
 * reference): {@code today}, {@code yesterday}, {@code N days ago}, {@code this|last week} (Monday to Sunday),
 * {@code this|last month}, {@code this|last year}, {@code last|past N days|weeks}, {@code last <weekday>},
 * {@code in <Month> [YYYY]} (without a year: the latest such month not after today). English, any case, except that
 * {@code in May} needs its capital. Only the first phrase is read; text inside quotes is never read as a date. The
 * clock is injected. Total: any text gives an answer; a range outside the journal's years is ignored.
 */
final class RelativeDates {
    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october"
            + "|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
    private static final String WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    private static final Pattern PHRASE = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])(?:"
            + "(?<today>today)|(?<yesterday>yesterday)|(?<ago>\\d{1,4})\\s+days?\\s+ago"
            + "|(?<which>this|last)\\s+(?<unit>week|month|year)"
            + "|(?:last|past)\\s+(?<n>\\d{1,4})\\s+(?<nunit>days|weeks)"
            + "|last\\s+(?<weekday>" + WEEKDAYS + ")"
            + "|in\\s+(?<month>" + MONTHS + ")(?:\\s+(?<year>\\d{4}))?"
            + ")(?![\\p{L}\\p{N}])");

    /** The query text without the phrase, the range it named, and a notice saying how it was read. */
    record Read(String text, Optional<Day> from, Optional<Day> to, Optional<String> notice) {
    }

    private final Clock clock;

    RelativeDates(Clock clock) {
        this.clock = clock;
    }

    Read read(String text) {
        Read none = new Read(text, Optional.empty(), Optional.empty(), Optional.empty());
        if (text == null || text.isEmpty()) {
            return none;
        }
        Matcher m = PHRASE.matcher(text);
        while (m.find()) {
            if (insideQuotes(text, m.start()) || (m.group("month") != null && m.group("month").equals("may"))) {
                continue;
            }
            Optional<LocalDate[]> range = range(m);
            if (range.isEmpty()) {
                continue;
            }
            LocalDate from = range.get()[0];
            LocalDate to = range.get()[1];
            if (from.getYear() < Day.MIN_YEAR || to.getYear() > Day.MAX_YEAR) {
                return none;
            }
            Day f = Day.of(from.getYear(), from.getMonthValue(), from.getDayOfMonth());
            Day t = Day.of(to.getYear(), to.getMonthValue(), to.getDayOfMonth());
            String rest = (text.substring(0, m.start()) + " " + text.substring(m.end())).strip();
            String notice = "read '" + m.group().strip() + "' as " + (f.equals(t) ? f.key() : f.key() + " to " + t.key());
            return new Read(rest, Optional.of(f), Optional.of(t), Optional.of(notice));
        }
        return none;
    }

    private Optional<LocalDate[]> range(Matcher m) {
        LocalDate today = LocalDate.now(clock);
        if (m.group("today") != null) {
            return of(today, today);
        }
        if (m.group("yesterday") != null) {
            return of(today.minusDays(1), today.minusDays(1));
        }
        if (m.group("ago") != null) {
            LocalDate d = today.minusDays(Integer.parseInt(m.group("ago")));
            return of(d, d);
        }
        if (m.group("unit") != null) {
            boolean last = m.group("which").equalsIgnoreCase("last");
            return switch (m.group("unit").toLowerCase(Locale.ROOT)) {
                case "week" -> {
                    LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    yield last ? of(monday.minusWeeks(1), monday.minusDays(1)) : of(monday, today);
                }
                case "month" -> {
                    LocalDate first = today.withDayOfMonth(1);
                    yield last ? of(first.minusMonths(1), first.minusDays(1)) : of(first, today);
                }
                default -> {
                    LocalDate first = today.withDayOfYear(1);
                    yield last ? of(first.minusYears(1), first.minusDays(1)) : of(first, today);
                }
            };
        }
        if (m.group("n") != null) {
            int n = Integer.parseInt(m.group("n"));
            if (n < 1) {
                return Optional.empty();
            }
            long days = m.group("nunit").equalsIgnoreCase("weeks") ? 7L * n : n;
            return of(today.minusDays(days - 1), today);
        }
        if (m.group("weekday") != null) {
            DayOfWeek w = DayOfWeek.valueOf(m.group("weekday").toUpperCase(Locale.ROOT));
            LocalDate d = today.with(TemporalAdjusters.previous(w));
            return of(d, d);
        }
        Month month = month(m.group("month"));
        int year;
        if (m.group("year") != null) {
            year = Integer.parseInt(m.group("year"));
        } else {
            year = month.getValue() <= today.getMonthValue() ? today.getYear() : today.getYear() - 1;
        }
        if (year < Day.MIN_YEAR || year > Day.MAX_YEAR) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.of(year, month, 1);
        return of(first, first.with(TemporalAdjusters.lastDayOfMonth()));
    }

    private static Month month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Month m : Month.values()) {
            String full = m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (full.equals(n) || full.startsWith(n) && n.length() >= 3) {
                return m;
            }
        }
        throw new IllegalStateException("the pattern only admits month names: " + name);
    }

    private static Optional<LocalDate[]> of(LocalDate from, LocalDate to) {
        return Optional.of(new LocalDate[] {from, to});
    }

    private static boolean insideQuotes(String text, int at) {
        int quotes = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }
}
