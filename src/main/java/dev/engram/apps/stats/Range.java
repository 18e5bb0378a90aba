package dev.engram.apps.stats;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import dev.engram.journal.Day;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An inclusive range of days from {@code ?from=&to=} (YYYYMMDD), at most {@link #MAX_DAYS} long. Without {@code to},
 * it ends at the given default day; without {@code from}, it starts {@link #DEFAULT_DAYS} days before its end. Public
 * because the Tokens app reads its range the same way.
 */
public record Range(Day from, Day to) {
    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 30;

    /** The range of a request; 400 {@code invalid_day}, {@code invalid_range} or {@code range_too_long}. */
    public static Range of(Context ctx, Supplier<Day> defaultEnd) {
        Optional<Day> from = param(ctx, "from");
        Day to = param(ctx, "to").orElseGet(() -> from.map(f -> f.plusDays(DEFAULT_DAYS - 1)).orElseGet(defaultEnd));
        Day start = from.orElse(to.plusDays(-(DEFAULT_DAYS - 1)));
        if (start.compareTo(to) > 0) {
            throw ApiError.badRequest("invalid_range", "from " + start.key() + " is after to " + to.key());
        }
        long days = to.date().toEpochDay() - start.date().toEpochDay() + 1;
        if (days > MAX_DAYS) {
            throw ApiError.badRequest("range_too_long", "the range has " + days + " days; at most " + MAX_DAYS
                    + " are shown at once");
        }
        return new Range(start, to);
    }

    private static Optional<Day> param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Params.day(v.strip()));
    }

    /** Every day of the range, oldest first. */
    public List<Day> days() {
        List<Day> out = new ArrayList<>();
        for (Day d = from; d.compareTo(to) <= 0; d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    public boolean contains(Day d) {
        return d.compareTo(from) >= 0 && d.compareTo(to) <= 0;
    }
}
