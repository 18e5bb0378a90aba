package dev.engram.convey;

import dev.engram.app.AppContext;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's routes, all under {@code /app/<name>}: {@code routes.get("/api/day/{day}", handler)} serves
 * {@code GET /app/<name>/api/day/{day}}. Each route declares who may use it with trailing {@link Access} values
 * ({@code routes.post("/api/ingest", handler, Access.BEARER)}); none means {@link Access#SESSION} (a login session,
 * and the CSRF token on POST/PUT/PATCH/DELETE). {@link #context()} is the shared {@link AppContext} (journal, bus),
 * available while routes are registered and in every handler.
 */
public final class AppRoutes {
    /** Events an {@link EventStream} holds for a slow client before it is closed. */
    public static final int STREAM_QUEUE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(AppRoutes.class);
    private final String prefix;
    private final JavalinDefaultRoutingApi routes;
    private final AppContext context;
    private final Duration heartbeat;

    /** Opens a stream: runs on the request thread; may send from any thread and must {@link EventStream#close()} it. */
    @FunctionalInterface
    public interface StreamHandler {
        void open(EventStream stream) throws Exception;
    }

    AppRoutes(String app, JavalinDefaultRoutingApi routes, AppContext context, Duration heartbeat) {
        this.prefix = "/app/" + app;
        this.routes = routes;
        this.context = context;
        this.heartbeat = heartbeat;
    }

    /** The context the apps share: the journal, emitting bus events (and, with the platform, services). */
    public AppContext context() {
        return context;
    }

    public AppRoutes get(String path, Handler handler, Access... access) {
        return add(HandlerType.GET, path, handler, access);
    }

    public AppRoutes post(String path, Handler handler, Access... access) {
        return add(HandlerType.POST, path, handler, access);
    }

    public AppRoutes put(String path, Handler handler, Access... access) {
        return add(HandlerType.PUT, path, handler, access);
    }

    public AppRoutes patch(String path, Handler handler, Access... access) {
        return add(HandlerType.PATCH, path, handler, access);
    }

    public AppRoutes delete(String path, Handler handler, Access... access) {
        return add(HandlerType.DELETE, path, handler, access);
    }

    private AppRoutes add(HandlerType method, String path, Handler handler, Access... access) {
        routes.addHttpHandler(method, prefix + path, handler, access);
        return this;
    }

    /**
     * A server-sent-events route ({@code GET}, {@code text/event-stream}): {@code handler} gets an
     * {@link EventStream} with a bounded queue ({@link #STREAM_QUEUE} events) and a heartbeat comment while idle,
     * sends events (chat tokens, progress) from any thread, and closes it when done. If the handler throws, the client
     * gets an {@code error} event {@code {error, reason_code}} and the stream ends.
     */
    public AppRoutes stream(String path, StreamHandler handler, Access... access) {
        routes.sse(prefix + path, client -> {
            client.keepAlive();
            EventStream stream = new EventStream(client, STREAM_QUEUE, heartbeat, s -> { });
            client.onClose(stream::closed);
            stream.start();
            try {
                handler.open(stream);
            } catch (ApiError e) {
                stream.sendJson("error", error(e.getMessage(), e.reasonCode()));
                stream.close();
            } catch (Exception e) {
                LOG.warn("stream {}{} failed: {}", prefix, path, e.toString());
                stream.sendJson("error", error("the stream failed (details are in the server log)", "internal_error"));
                stream.close();
            }
        }, access);
        return this;
    }

    /** The full path of a route of this app, e.g. {@code /app/home/api/day}. */
    public String path(String path) {
        return prefix + path;
    }

    private static Map<String, String> error(String message, String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("reason_code", reason);
        return m;
    }
}
