package dev.engram.apps.stats;

import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.time.LocalDate;

/**
 * The Stats app (📊): {@code GET /app/stats/api/stats?from=YYYYMMDD&to=YYYYMMDD} (default: the 30 days up to the
 * journal's latest day), recorded time per day, speech and screen minutes, segments per facet and activity by hour.
 */
public final class StatsApp implements ConveyApp {
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public AppInfo info() {
        // the page shows every facet side by side
        return AppInfo.of("📊", "Stats").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        routes.get("/api/stats", ctx -> {
            Range range = Range.of(ctx, () -> journal.days().latest().orElse(new Day(LocalDate.now())));
            JsonIo.send(ctx, new RecordedTime(journal).over(range));
        });
    }
}
