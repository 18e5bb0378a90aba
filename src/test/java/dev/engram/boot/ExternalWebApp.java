package dev.engram.boot;

import dev.engram.app.AppContext;
import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web app found through {@code META-INF/services} (like an add-on jar): it must get its routes, its handlers and
 * exactly one start. {@code GET /app/extweb/api/state} answers {@code starts=N events=M}.
 */
public class ExternalWebApp implements ConveyApp {
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();

    @Override
    public String name() {
        return "extweb";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("🧩", "Add-on");
    }

    @Override
    public String workspaceTemplate() {
        return "apps/blank/workspace.jte";
    }

    @Override
    public void start(AppContext context) {
        starts.incrementAndGet();
    }

    @Override
    public void routes(AppRoutes routes) {
        routes.get("/api/state", ctx -> ctx.result("starts=" + starts.get() + " events=" + events.get()));
        routes.get("/api/caller", ctx -> ctx.result("caller " + dev.engram.convey.Convey.caller(ctx).orElse("?")),
                dev.engram.convey.Access.BEARER); // an API route for bearer-token clients

    }

    @OnEvent(tract = "extweb", event = "*")
    public void on(EventContext ctx) {
        events.incrementAndGet();
    }
}
