package dev.engram.convey;

import io.javalin.http.ExceptionHandler;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsExceptionHandler;
import io.javalin.websocket.WsHandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One app's routes, collected before any reaches the server: Convey adds them only when the app's
 * {@link ConveyApp#routes} returned normally and none clashes with a route already served, so a bad app is dropped
 * whole and the others start. Apps declare HTTP and SSE routes only (exception, error and WebSocket handlers are
 * Convey's).
 */
final class StagedRoutes implements JavalinDefaultRoutingApi {
    final List<Endpoint> endpoints = new ArrayList<>();

    @Override
    public JavalinDefaultRoutingApi addEndpoint(Endpoint endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    @Override
    public <E extends Exception> JavalinDefaultRoutingApi exception(Class<E> type, ExceptionHandler<? super E> h) {
        throw new UnsupportedOperationException("apps cannot add exception handlers");
    }

    @Override
    public JavalinDefaultRoutingApi error(int status, String contentType, Handler handler) {
        throw new UnsupportedOperationException("apps cannot add error handlers");
    }

    @Override
    public <E extends Exception> JavalinDefaultRoutingApi wsException(Class<E> type, WsExceptionHandler<? super E> h) {
        throw new UnsupportedOperationException("apps cannot add WebSocket handlers");
    }

    @Override
    public JavalinDefaultRoutingApi addWsHandler(WsHandlerType type, String path, Consumer<WsConfig> ws,
                                                 RouteRole... roles) {
        throw new UnsupportedOperationException("apps cannot add WebSocket handlers");
    }
}
