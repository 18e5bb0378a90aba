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
    final AtomicReference<AppContext> routesContext = new AtomicReference<>();
    final java.util.concurrent.atomic.AtomicInteger closedStreams = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean started;
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
        started = true;
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
        routes.get("/api/unserializable", ctx -> JsonIo.send(ctx, new Unserializable()));
        routesContext.set(routes.context());
        routes.get("/api/journal-root", ctx -> ctx.result(routes.context().journal().root().toString()));
        routes.get("/api/public", ctx -> ctx.result("public"), Access.PUBLIC);
        routes.get("/api/bearer", ctx -> ctx.result("caller " + Convey.caller(ctx).orElse("?")), Access.BEARER);
        routes.post("/api/bearer", ctx -> ctx.result("posted by " + Convey.caller(ctx).orElse("?")), Access.BEARER);
        routes.get("/api/either", ctx -> ctx.result("either " + Convey.caller(ctx).orElse("session")),
                Access.SESSION, Access.BEARER);
        routes.get("/api/local", ctx -> ctx.result("local"), Access.LOOPBACK);
        routes.post("/api/local", ctx -> ctx.result("local post"), Access.LOOPBACK);
        routes.stream("/api/count/{n}", stream -> {
            int n = Integer.parseInt(stream.context().pathParam("n"));
            stream.onClose(closedStreams::incrementAndGet);
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    stream.sendJson("tick", Map.of("i", i));
                }
                stream.send("done");
                stream.close();
            });
        });
        routes.stream("/api/broken-stream", stream -> {
            throw ApiError.badRequest("no_such_job", "there is no such job");
        });
    }

    /** A value Jackson fails to write (its getter throws): a server-side serialization bug. */
    public static final class Unserializable {
        public String getValue() {
            throw new IllegalStateException("cannot be written");
        }
    }
}
