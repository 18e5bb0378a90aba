package dev.engram.convey;

import dev.engram.app.AppContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A small real ConveyApp for tests: the blank workspace, a stats route and an emit route. */
class TestApp implements ConveyApp {
    private final String name;
    private final AppInfo info;
    final AtomicReference<AppContext> context = new AtomicReference<>();
    volatile boolean stopped;

    TestApp(String name, AppInfo info) {
        this.name = name;
        this.info = info;
    }

    static List<ConveyApp> standard() {
        return List.of(new TestApp("home", AppInfo.of("🏠", "Home").withDateNav(false)),
                new TestApp("todos", AppInfo.of("✅", "Todos").withDateNav(true)),
                new TestApp("live", AppInfo.of("⚡", "Live").withFacets(AppInfo.FacetBar.HIDDEN)),
                new TestApp("settings", AppInfo.of("⚙️", "Settings").withFacets(AppInfo.FacetBar.SHOWN_WITH_MUTED)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AppInfo info() {
        return info;
    }

    @Override
    public String workspaceTemplate() {
        return "apps/blank/workspace.jte";
    }

    @Override
    public Optional<String> backgroundScript() {
        return name.equals("home") ? Optional.of("/static/convey/test-background.js") : Optional.empty();
    }

    @Override
    public void start(AppContext ctx) {
        context.set(ctx);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void routes(AppRoutes routes) {
        routes.get("/api/stats/{month}", ctx -> ctx.json(Map.of(ctx.pathParam("month") + "03", 2,
                ctx.pathParam("month") + "04", 8)));
        routes.get("/api/boom", ctx -> {
            throw new IllegalStateException("secret internal detail");
        });
        routes.get("/api/missing", ctx -> {
            throw ApiError.notFound("no_such_thing", "no such thing");
        });
        routes.post("/api/echo", ctx -> ctx.json(Map.of("ok", true)));
    }
}
