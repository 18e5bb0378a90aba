package dev.engram.apps.todos;

import dev.engram.apps.setup.ThinkSetup;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.Optional;

/**
 * The Todos app: {@code GET /api/day/{day}?facet=}, {@code POST /api/day/{day}/{facet}} (add),
 * {@code PATCH /api/day/{day}/{facet}/{id}} (edit, complete, cancel, reopen), {@code PUT /api/day/{day}/{facet}/order}
 * (reorder), {@code POST /api/carry} (carry unfinished todos over to a day) and {@code GET /api/upcoming}.
 */
public final class TodosApp implements ConveyApp {
    private final Clock clock;

    public TodosApp() {
        this(Clock.systemDefaultZone());
    }

    public TodosApp(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "todos";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("✅", "Todos").withDateNav(true);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        TodoViews views = new TodoViews(journal, clock);
        TodoEdits edits = new TodoEdits(journal, clock);
        ThinkSetup setup = new ThinkSetup(routes.context());
        routes.get("/api/day/{day}", ctx -> JsonIo.send(ctx, setup.addTo(views.day(Params.day(ctx.pathParam("day")),
                facetParam(ctx.queryParam("facet"))))));
        routes.get("/api/upcoming", ctx -> JsonIo.send(ctx, views.upcoming(facetParam(ctx.queryParam("facet")),
                TodoFields.limit(ctx.queryParam("limit")))));
        routes.post("/api/day/{day}/{facet}", ctx -> {
            var added = edits.add(Params.day(ctx.pathParam("day")), ctx.pathParam("facet"), JsonIo.body(ctx));
            ctx.status(201);
            JsonIo.send(ctx, added);
        });
        routes.put("/api/day/{day}/{facet}/order", ctx -> JsonIo.send(ctx, edits.reorder(
                Params.day(ctx.pathParam("day")), ctx.pathParam("facet"), JsonIo.body(ctx))));
        routes.patch("/api/day/{day}/{facet}/{id}", ctx -> JsonIo.send(ctx, edits.edit(
                Params.day(ctx.pathParam("day")), ctx.pathParam("facet"), TodoFields.id(ctx.pathParam("id")),
                JsonIo.body(ctx))));
        routes.post("/api/carry", ctx -> JsonIo.send(ctx, edits.carry(JsonIo.body(ctx))));
    }

    private static Optional<String> facetParam(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Params.facet(value));
    }
}
