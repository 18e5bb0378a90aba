package dev.engram.index.api;

import dev.engram.journal.Day;
import java.util.Locale;
import java.util.Optional;

/**
 * A search: the user's query text in the reference's language (words are ANDed; {@code OR}, {@code NOT},
 * {@code "phrases"}, {@code prefix*}; an empty text matches everything; relative dates such as {@code yesterday},
 * {@code last week} or {@code in March} become a day range when no day filter is given) and filters. Facet, topic,
 * stream and time bucket compare lowercased; {@code day} wins over {@code from}/{@code to} (inclusive); {@code entity}
 * keeps the chunks that mention the entity's name. Build with {@link #of(String)} and the {@code with...} methods.
 *
 * @param limit      hits to return, 1 to {@link #MAX_LIMIT}
 * @param offset     hits to skip, 0 to {@link #MAX_OFFSET}
 * @param mode       keyword, semantic or hybrid; empty: hybrid where the index holds vectors, keyword otherwise
 * @param stream     the capture stream (a remote observer's name) of the chunk's segment
 * @param timeBucket {@code morning} (06-11), {@code afternoon} (12-16), {@code evening} (17-20), {@code night}
 *                   (21-05), from the chunk's time
 * @param entity     an entity name the chunk must mention (as a phrase)
 */
public record SearchQuery(String text, Optional<String> facet, Optional<String> topic, Optional<Day> day,
                          Optional<Day> from, Optional<Day> to, int limit, int offset, Optional<SearchMode> mode,
                          Optional<String> stream, Optional<String> timeBucket, Optional<String> entity) {
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 100_000;

    public SearchQuery {
        text = text == null ? "" : text;
        facet = lower(facet);
        topic = lower(topic);
        day = day == null ? Optional.empty() : day;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        mode = mode == null ? Optional.empty() : mode;
        stream = lower(stream);
        timeBucket = lower(timeBucket);
        entity = entity == null ? Optional.empty() : entity.map(String::strip).filter(e -> !e.isEmpty());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0 to " + MAX_OFFSET + ", not " + offset);
        }
    }

    /** The first slice's constructor (no mode, stream, time bucket or entity), kept for source compatibility. */
    public SearchQuery(String text, Optional<String> facet, Optional<String> topic, Optional<Day> day,
                       Optional<Day> from, Optional<Day> to, int limit, int offset) {
        this(text, facet, topic, day, from, to, limit, offset, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static Optional<String> lower(Optional<String> o) {
        return o == null ? Optional.empty() : o.map(s -> s.toLowerCase(Locale.ROOT));
    }

    /** The first 10 hits for {@code text}, without filters. */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 10, 0);
    }

    public SearchQuery withFacet(String f) {
        return new SearchQuery(text, Optional.ofNullable(f), topic, day, from, to, limit, offset, mode, stream,
                timeBucket, entity);
    }

    public SearchQuery withTopic(String t) {
        return new SearchQuery(text, facet, Optional.ofNullable(t), day, from, to, limit, offset, mode, stream,
                timeBucket, entity);
    }

    public SearchQuery withDay(Day d) {
        return new SearchQuery(text, facet, topic, Optional.ofNullable(d), from, to, limit, offset, mode, stream,
                timeBucket, entity);
    }

    public SearchQuery withRange(Day fromDay, Day toDay) {
        return new SearchQuery(text, facet, topic, day, Optional.ofNullable(fromDay), Optional.ofNullable(toDay), limit,
                offset, mode, stream, timeBucket, entity);
    }

    public SearchQuery withPage(int newLimit, int newOffset) {
        return new SearchQuery(text, facet, topic, day, from, to, newLimit, newOffset, mode, stream, timeBucket,
                entity);
    }

    /** {@code null} for the default (hybrid where vectors exist). */
    public SearchQuery withMode(SearchMode m) {
        return new SearchQuery(text, facet, topic, day, from, to, limit, offset, Optional.ofNullable(m), stream,
                timeBucket, entity);
    }

    public SearchQuery withStream(String s) {
        return new SearchQuery(text, facet, topic, day, from, to, limit, offset, mode, Optional.ofNullable(s),
                timeBucket, entity);
    }

    public SearchQuery withTimeBucket(String b) {
        return new SearchQuery(text, facet, topic, day, from, to, limit, offset, mode, stream, Optional.ofNullable(b),
                entity);
    }

    public SearchQuery withEntity(String e) {
        return new SearchQuery(text, facet, topic, day, from, to, limit, offset, mode, stream, timeBucket,
                Optional.ofNullable(e));
    }
}
