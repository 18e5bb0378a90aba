package dev.engram.apps.search;

import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.util.Map;

/**
 * The Search app (🔍): {@code GET /app/search/api/search?q=&limit=5&offset=0&facet=&topic=&day=&from=&to=} and
 * {@code GET /app/search/api/day_results?q=&day=&offset=0&limit=20&facet=&topic=}, in the reference's shapes, over the
 * registered {@link dev.engram.index.api.Searcher}; both also take {@code mode}, {@code stream}, {@code time_bucket}
 * and {@code entity} ({@link SearchParams}).
 */
public final class SearchApp implements ConveyApp {
    static final int MAX_LIMIT = 100;

    @Override
    public String name() {
        return "search";
    }

    @Override
    public AppInfo info() {
        // the page filters by facet itself (its counts are clickable): the shell's facet bar would be a second filter
        return AppInfo.of("🔍", "Search").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        IndexState index = new IndexState(routes.context());
        routes.get("/api/search", ctx -> {
            SearchParams p = SearchParams.from(ctx);
            int limit = SearchParams.number(ctx, "limit", 5, 1, MAX_LIMIT);
            int offset = SearchParams.number(ctx, "offset", 0, 0, SearchQuery.MAX_OFFSET);
            Map<String, Object> out = index.with(s -> new SearchAnswers(s, journal).search(p, limit, offset));
            out.put("index", index.status());
            JsonIo.send(ctx, out);
        });
        routes.get("/api/day_results", ctx -> {
            SearchParams p = SearchParams.from(ctx);
            Day day = SearchParams.present(ctx, "day").map(Params::day).orElseThrow(() -> ApiError.badRequest(
                    "invalid_day", "day is required: YYYYMMDD, e.g. 20240315"));
            int limit = SearchParams.number(ctx, "limit", 20, 1, MAX_LIMIT);
            int offset = SearchParams.number(ctx, "offset", 0, 0, SearchQuery.MAX_OFFSET);
            Map<String, Object> out = index.with(s -> new SearchAnswers(s, journal).dayResults(p, day, limit, offset));
            out.put("index", index.status());
            JsonIo.send(ctx, out);
        });
    }
}
