package dev.engram.index.api;

import dev.engram.journal.Day;
import java.util.Locale;
import java.util.Optional;

/**
 * A search: the user's query text in the reference's language (words are ANDed; {@code OR}, {@code NOT},
 * {@code "phrases"}, {@code prefix*}; an empty text matches everything) and filters. Facet and topic compare
 * lowercased; {@code day} wins over {@code from}/{@code to} (inclusive). Build with {@link #of(String)} and the
 * {@code with...} methods.
 *
 * @param limit  hits to return, 1 to {@link #MAX_LIMIT}
 * @param offset hits to skip, 0 to {@link #MAX_OFFSET}
 */
public record SearchQuery(String text, Optional<String> facet, Optional<String> topic, Optional<Day> day,
                          Optional<Day> from, Optional<Day> to, int limit, int offset) {
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 100_000;

    public SearchQuery {
        text = text == null ? "" : text;
        facet = facet == null ? Optional.empty() : facet.map(f -> f.toLowerCase(Locale.ROOT));
        topic = topic == null ? Optional.empty() : topic.map(t -> t.toLowerCase(Locale.ROOT));
        day = day == null ? Optional.empty() : day;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0 to " + MAX_OFFSET + ", not " + offset);
        }
    }

    /** The first 10 hits for {@code text}, without filters. */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 10, 0);
    }

    public SearchQuery withFacet(String f) {
        return new SearchQuery(text, Optional.ofNullable(f), topic, day, from, to, limit, offset);
    }

    public SearchQuery withTopic(String t) {
        return new SearchQuery(text, facet, Optional.ofNullable(t), day, from, to, limit, offset);
    }

    public SearchQuery withDay(Day d) {
        return new SearchQuery(text, facet, topic, Optional.ofNullable(d), from, to, limit, offset);
    }

    public SearchQuery withRange(Day fromDay, Day toDay) {
        return new SearchQuery(text, facet, topic, day, Optional.ofNullable(fromDay), Optional.ofNullable(toDay), limit,
                offset);
    }

    public SearchQuery withPage(int newLimit, int newOffset) {
        return new SearchQuery(text, facet, topic, day, from, to, newLimit, newOffset);
    }
}
