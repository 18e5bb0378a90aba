package dev.engram.apps.home;

import dev.engram.apps.setup.ThinkSetup;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Journal;
import java.util.Optional;

/** The Home app: {@code GET /app/home/api/day/{day}?facet=} and {@code GET /app/home/api/stats/{YYYYMM}}. */
public final class HomeApp implements ConveyApp {
    @Override
    public String name() {
        return "home";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("🏠", "Home").withDateNav(false);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        ThinkSetup setup = new ThinkSetup(routes.context());
        routes.get("/api/day/{day}", ctx -> JsonIo.send(ctx, setup.addTo(new DayDashboard(journal).build(
                Params.day(ctx.pathParam("day")), facetParam(ctx.queryParam("facet"))))));
        routes.get("/api/stats/{month}", ctx -> JsonIo.send(ctx, new MonthStats(journal).count(
                Params.month(ctx.pathParam("month")), facetParam(ctx.queryParam("facet")))));
    }

    private static Optional<String> facetParam(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Params.facet(value));
    }
}
