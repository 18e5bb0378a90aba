package dev.engram.apps.search;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import dev.engram.journal.Stream;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query parameters of the search routes, validated before the index is asked: {@code q} (at most
 * {@link #MAX_QUERY} characters), {@code facet}, {@code topic}, {@code day} or {@code from}/{@code to}, {@code limit},
 * {@code offset}, {@code mode} ({@code keyword}, {@code semantic} or {@code hybrid}; by default hybrid where vectors
 * exist), and HEAD's filters as {@code engram search} has them: {@code stream} (a capture stream's name),
 * {@code time_bucket} ({@code morning}, {@code afternoon}, {@code evening} or {@code night}) and {@code entity} (a
 * name the chunk mentions, at most {@link #MAX_ENTITY} characters). Each bad value is a 400 whose reason code names
 * it.
 */
record SearchParams(String q, Optional<String> facet, Optional<String> topic, Optional<Day> day, Optional<Day> from,
                    Optional<Day> to, Optional<SearchMode> mode, Optional<String> stream, Optional<String> timeBucket,
                    Optional<String> entity) {
    /**
     * The longest query text accepted (a longer URL is refused by the server itself with 414); the index reads at
     * most 4000 characters of it and says so in the answer's notices.
     */
    static final int MAX_QUERY = 6_000;
    static final int MAX_ENTITY = 200;
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9_.:-]{1,64}");
    private static final List<String> TIME_BUCKETS = List.of("morning", "afternoon", "evening", "night");

    static SearchParams from(Context ctx) {
        String q = ctx.queryParam("q");
        q = q == null ? "" : q.strip();
        if (q.length() > MAX_QUERY) {
            throw ApiError.badRequest("query_too_long", "the query has " + q.length() + " characters; at most "
                    + MAX_QUERY + " are accepted");
        }
        Optional<String> facet = present(ctx, "facet").map(Params::facet).map(f -> f.toLowerCase(Locale.ROOT));
        Optional<String> topic = present(ctx, "topic").map(t -> {
            String lower = t.toLowerCase(Locale.ROOT);
            if (!TOPIC.matcher(lower).matches()) {
                throw ApiError.badRequest("invalid_topic", "invalid topic '" + Params.shown(t)
                        + "': letters, digits and . : _ - only, e.g. audio or entity:attached");
            }
            return lower;
        });
        Optional<Day> day = present(ctx, "day").map(Params::day);
        Optional<Day> from = present(ctx, "from").map(Params::day);
        Optional<Day> to = present(ctx, "to").map(Params::day);
        if (from.isPresent() && to.isPresent() && from.get().compareTo(to.get()) > 0) {
            throw ApiError.badRequest("invalid_range", "from " + from.get().key() + " is after to " + to.get().key());
        }
        Optional<SearchMode> mode = present(ctx, "mode").map(m -> {
            try {
                return SearchMode.parse(m);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("invalid_mode", "invalid mode '" + Params.shown(m)
                        + "': use keyword, semantic or hybrid");
            }
        });
        Optional<String> stream = present(ctx, "stream").map(st -> {
            String lower = st.toLowerCase(Locale.ROOT);
            if (!Stream.valid(lower)) { // a stream name as segments record it (journal.Stream), lowercased
                throw ApiError.badRequest("invalid_stream", "invalid stream '" + Params.shown(st)
                        + "': a letter or digit, then letters, digits and . _ - (at most 64), e.g. laptop");
            }
            return lower;
        });
        Optional<String> bucket = present(ctx, "time_bucket").map(b -> {
            String lower = b.toLowerCase(Locale.ROOT);
            if (!TIME_BUCKETS.contains(lower)) {
                throw ApiError.badRequest("invalid_time_bucket", "invalid time_bucket '" + Params.shown(b)
                        + "': use " + String.join(", ", TIME_BUCKETS));
            }
            return lower;
        });
        Optional<String> entity = present(ctx, "entity").map(e -> {
            if (e.length() > MAX_ENTITY || e.chars().anyMatch(Character::isISOControl)) {
                throw ApiError.badRequest("invalid_entity", "invalid entity: a name of at most " + MAX_ENTITY
                        + " characters without control characters, e.g. Ana Lima");
            }
            return e;
        });
        return new SearchParams(q, facet, topic, day, from, to, mode, stream, bucket, entity);
    }

    /** The query with every filter, one page of {@code limit} hits after {@code offset}. */
    SearchQuery query(int limit, int offset) {
        return dated(undated().withFacet(facet.orElse(null)).withTopic(topic.orElse(null))).withPage(limit, offset);
    }

    /** The query text with the dates, stream, time bucket and entity (the facet and topic counts of the side bar). */
    SearchQuery withoutFacetAndTopic() {
        return dated(undated()).withPage(1, 0);
    }

    /** The query with every filter but the dates (the day histogram one brushes to set the dates). */
    SearchQuery withoutDates() {
        return undated().withFacet(facet.orElse(null)).withTopic(topic.orElse(null)).withPage(1, 0);
    }

    boolean dated() {
        return day.isPresent() || from.isPresent() || to.isPresent();
    }

    /** The query text with mode, stream, time bucket and entity: the filters every part of the answer keeps. */
    private SearchQuery undated() {
        SearchQuery s = SearchQuery.of(q).withStream(stream.orElse(null)).withTimeBucket(timeBucket.orElse(null))
                .withEntity(entity.orElse(null));
        return mode.isPresent() ? s.withMode(mode.get()) : s;
    }

    private SearchQuery dated(SearchQuery base) {
        SearchQuery s = base.withDay(day.orElse(null));
        return day.isPresent() ? s : s.withRange(from.orElse(null), to.orElse(null));
    }

    /** An integer parameter within bounds, or its default when absent. */
    static int number(Context ctx, String name, int fallback, int min, int max) {
        Optional<String> v = present(ctx, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("invalid_" + name, "invalid " + name + " '" + Params.shown(v.get())
                + "': expected a whole number from " + min + " to " + max);
    }

    static Optional<String> present(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
