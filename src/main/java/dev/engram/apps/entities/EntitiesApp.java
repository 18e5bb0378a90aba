package dev.engram.apps.entities;

import dev.engram.apps.setup.ThinkSetup;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The Entities app: {@code GET /api/facets?facet=&days=} (attached, detached and detected entities per facet),
 * {@code GET /api/entity?facet=&name=} (one entity with its mentions through the index),
 * {@code POST /api/facet/{facet}/attach}, {@code POST /api/facet/{facet}/detach},
 * {@code PATCH /api/facet/{facet}/entity} (type, description, akas) and {@code POST /api/promote}.
 */
public final class EntitiesApp implements ConveyApp {
    private final Clock clock;

    public EntitiesApp() {
        this(Clock.systemDefaultZone());
    }

    public EntitiesApp(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "entities";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("👥", "Entities");
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        EntityViews views = new EntityViews(journal, clock, new Mentions(routes.context()));
        EntityWrites writes = new EntityWrites(journal, clock);
        ThinkSetup setup = new ThinkSetup(routes.context());
        routes.get("/api/facets", ctx -> JsonIo.send(ctx, setup.addTo(views.facets(
                facetParam(ctx.queryParam("facet")), EntityFields.days(ctx.queryParam("days"))))));
        routes.get("/api/entity", ctx -> JsonIo.send(ctx, setup.addTo(views.entity(
                Params.facet(ctx.queryParam("facet")), EntityFields.nameParam(ctx.queryParam("name"))))));
        routes.post("/api/facet/{facet}/attach", ctx -> {
            Map<String, Object> attached = writes.attach(ctx.pathParam("facet"), JsonIo.body(ctx));
            ctx.status(attached.get("result").equals("attached") ? 201 : 200);
            JsonIo.send(ctx, attached);
        });
        routes.post("/api/facet/{facet}/detach", ctx -> JsonIo.send(ctx, writes.detach(ctx.pathParam("facet"),
                JsonIo.body(ctx))));
        routes.patch("/api/facet/{facet}/entity", ctx -> JsonIo.send(ctx, writes.edit(ctx.pathParam("facet"),
                JsonIo.body(ctx))));
        routes.post("/api/promote", ctx -> JsonIo.send(ctx, writes.promote(JsonIo.body(ctx))));
    }

    private static Optional<String> facetParam(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Params.facet(value));
    }
}
