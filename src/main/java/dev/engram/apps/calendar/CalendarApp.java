package dev.engram.apps.calendar;

import dev.engram.apps.setup.ThinkSetup;
import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.Optional;

/**
 * The Calendar app (📅): {@code GET /api/events?from=&to=&facet=} (a range of at most
 * {@value CalendarViews#MAX_DAYS} days), {@code GET /api/event/{day}/{facet}/{id}} (one event and where it was
 * mentioned), {@code POST /api/events} (add), {@code PATCH /api/event/{day}/{facet}/{id}} (edit or move) and
 * {@code DELETE /api/event/{day}/{facet}/{id}} (remove an event the owner added).
 */
public final class CalendarApp implements ConveyApp {
    private final Clock clock;

    public CalendarApp() {
        this(Clock.systemDefaultZone());
    }

    public CalendarApp(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "calendar";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("📅", "Calendar");
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        CalendarViews views = new CalendarViews(journal, clock);
        CalendarEdits edits = new CalendarEdits(journal, clock);
        ThinkSetup setup = new ThinkSetup(routes.context());
        routes.get("/api/events", ctx -> JsonIo.send(ctx, setup.addTo(views.range(
                required(ctx.queryParam("from"), "from"), required(ctx.queryParam("to"), "to"),
                facetParam(ctx.queryParam("facet"))))));
        routes.post("/api/events", ctx -> {
            var added = edits.add(JsonIo.body(ctx));
            ctx.status(201);
            JsonIo.send(ctx, added);
        });
        routes.get("/api/event/{day}/{facet}/{id}", ctx -> JsonIo.send(ctx, views.event(
                Params.day(ctx.pathParam("day")), Params.facet(ctx.pathParam("facet")),
                EventFields.Id.parse(ctx.pathParam("id")))));
        routes.patch("/api/event/{day}/{facet}/{id}", ctx -> JsonIo.send(ctx, edits.edit(
                Params.day(ctx.pathParam("day")), Params.facet(ctx.pathParam("facet")),
                EventFields.Id.parse(ctx.pathParam("id")), JsonIo.body(ctx))));
        routes.delete("/api/event/{day}/{facet}/{id}", ctx -> JsonIo.send(ctx, edits.delete(
                Params.day(ctx.pathParam("day")), Params.facet(ctx.pathParam("facet")),
                EventFields.Id.parse(ctx.pathParam("id")))));
    }

    private static Day required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("invalid_day", "'" + name + "' is required: YYYYMMDD, e.g. 20240315");
        }
        return Params.day(value);
    }

    private static Optional<String> facetParam(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Params.facet(value));
    }
}
