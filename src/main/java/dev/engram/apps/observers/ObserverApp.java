package dev.engram.apps.observers;

import dev.engram.convey.Access;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.JsonIo;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The later ingest protocol under {@code /app/observer/} (spec §8 "Observer ingest at HEAD", §11), spoken by
 * solstone-tmux 0.2+ and solstone-linux: {@code POST /register} {platform, hostname, stream_type, version} (loopback
 * or session) → {key, name, key_prefix, ingest_url}; {@code POST /ingest}, {@code POST /ingest/event},
 * {@code GET /ingest/segments/{day}} with {@code Authorization: Bearer <key>} or {@code X-Solstone-Observer}; the same
 * with the key in the path ({@code /ingest/{key}...}); {@code POST /api/create} {name} as under {@code /app/remote/}
 * (where solstone-tmux 0.2.x registers). No menu entry.
 */
public final class ObserverApp extends ProtocolApp {
    public ObserverApp() {
        super(Protocol.OBSERVER, "Observer ingest");
    }

    @Override
    public String name() {
        return "observer";
    }

    @Override
    public void routes(AppRoutes routes) {
        IngestRoutes in = ingestRoutes(routes);
        routes.post("/ingest", in.guarded(in::upload), Access.KEY);
        routes.post("/ingest/event", in.guarded(in::event), Access.KEY);
        routes.get("/ingest/segments/{day}", in.guarded(in::segments), Access.KEY);
        keyInPathRoutes(routes, in);
        createByNameRoute(routes, in);
        routes.post("/register", in.guarded(ctx -> {
            ObjectNode body = ctx.body().isBlank() ? JsonIo.object() : JsonIo.body(ctx);
            String host = body.path("hostname").asString("").strip();
            String type = body.path("stream_type").asString("").strip();
            String name = (host.isEmpty() ? "observer" : host) + (type.isEmpty() ? "" : "." + type);
            NewObserver n = in.register(ctx, name);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", n.key());
            out.put("name", n.observer().name());
            out.put("key_prefix", n.observer().prefix());
            out.put("ingest_url", IngestRoutes.baseUrl(ctx) + "/app/observer/ingest");
            JsonIo.send(ctx, out);
        }), Access.LOOPBACK, Access.SESSION);
    }
}
