package dev.engram.apps.settings;

import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.time.LocalDate;

/**
 * The Settings app: {@code GET/PUT /app/settings/api/identity}, {@code GET/POST /app/settings/api/facets},
 * {@code PUT /app/settings/api/facets/{name}}, {@code POST /app/settings/api/password} and
 * {@code GET /app/settings/api/actions?day=YYYYMMDD}.
 */
public final class SettingsApp implements ConveyApp {
    @Override
    public String name() {
        return "settings";
    }

    @Override
    public AppInfo info() {
        // settings lists and edits every facet itself (muted ones too): the facet bar would filter nothing
        return AppInfo.of("⚙️", "Settings").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        routes.get("/api/identity", ctx -> JsonIo.send(ctx, new IdentityApi(journal).get()));
        routes.put("/api/identity", ctx -> JsonIo.send(ctx, new IdentityApi(journal).put(JsonIo.body(ctx))));
        routes.get("/api/facets", ctx -> JsonIo.send(ctx, new FacetsApi(journal).list()));
        routes.post("/api/facets", ctx -> {
            var created = new FacetsApi(journal).create(JsonIo.body(ctx));
            ctx.status(201);
            JsonIo.send(ctx, created);
        });
        routes.put("/api/facets/{name}", ctx -> JsonIo.send(ctx,
                new FacetsApi(journal).update(ctx.pathParam("name"), JsonIo.body(ctx))));
        routes.post("/api/password", ctx -> JsonIo.send(ctx, new PasswordApi(journal).change(JsonIo.body(ctx))));
        routes.get("/api/actions", ctx -> {
            String day = ctx.queryParam("day");
            Day d = day == null || day.isEmpty() ? new Day(LocalDate.now()) : Params.day(day);
            JsonIo.send(ctx, ActionLog.read(journal, d));
        });
    }
}
