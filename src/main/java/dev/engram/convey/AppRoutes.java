package dev.engram.convey;

import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * An app's routes, all under {@code /app/<name>}: {@code routes.get("/api/day/{day}", handler)} serves
 * {@code GET /app/<name>/api/day/{day}}. Authentication and CSRF protection apply to every route.
 */
public final class AppRoutes {
    private final String prefix;
    private final JavalinDefaultRoutingApi routes;

    AppRoutes(String app, JavalinDefaultRoutingApi routes) {
        this.prefix = "/app/" + app;
        this.routes = routes;
    }

    public AppRoutes get(String path, Handler handler) {
        routes.get(prefix + path, handler);
        return this;
    }

    public AppRoutes post(String path, Handler handler) {
        routes.post(prefix + path, handler);
        return this;
    }

    public AppRoutes put(String path, Handler handler) {
        routes.put(prefix + path, handler);
        return this;
    }

    public AppRoutes delete(String path, Handler handler) {
        routes.delete(prefix + path, handler);
        return this;
    }

    /** The full path of a route of this app, e.g. {@code /app/home/api/day}. */
    public String path(String path) {
        return prefix + path;
    }
}
