package dev.engram.apps.search;

import dev.engram.app.AppContext;
import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.convey.ApiError;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.Searcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether search can answer: the registered {@link Searcher} (503 {@code index_unavailable} when none is registered
 * or it cannot read its index, 503 {@code index_opening} while it is still opening, 503 {@code index_rebuilding}
 * while it rebuilds an index found damaged; never a 500, whatever the index's bytes), and whether it is still catching
 * up with the journal (results may be incomplete: {@code index.building} in the answer). The searcher's own
 * {@link Service} health, when it is one, tells the last two apart.
 */
final class IndexState {
    private final AppContext context;

    IndexState(AppContext context) {
        this.context = context;
    }

    /** Runs {@code work} with the searcher, turning an unavailable index into a 503 with a reason code. */
    <T> T with(Function<Searcher, T> work) {
        Searcher s = context.findService(Searcher.class).orElseThrow(() -> new ApiError(503, "index_unavailable",
                "search is unavailable: the index service is not running in this Engram"));
        try {
            return work.apply(s);
        } catch (IndexException e) {
            Health h = s instanceof Service svc ? svc.health() : null;
            if (h != null && h.detail().equals("opening")) {
                throw new ApiError(503, "index_opening", "the search index is still opening; try again in a moment");
            }
            if (h != null && Boolean.TRUE.equals(h.facts().get("rebuilding"))) {
                throw new ApiError(503, "index_rebuilding", e.getMessage());
            }
            throw new ApiError(503, "index_unavailable", "search is unavailable: " + e.getMessage());
        }
    }

    /** {@code {building, message}}: building while the index's start-up catch-up has not finished. */
    Map<String, Object> status() {
        boolean building = context.findService(Searcher.class)
                .filter(s -> s instanceof Service)
                .map(s -> ((Service) s).health())
                .map(IndexState::building)
                .orElse(false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("building", building);
        m.put("message", building ? "the index is still catching up with the journal: results may be incomplete" : "");
        return m;
    }

    private static boolean building(Health h) {
        return h.state() != Health.State.DOWN && Boolean.FALSE.equals(h.facts().get("caught_up"));
    }
}
