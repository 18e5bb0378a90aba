package dev.engram.apps.observers;

import dev.engram.convey.Access;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.JsonIo;
import dev.engram.observe.api.Protocol;
import java.util.Map;

/**
 * The reference's SEED ingest protocol under {@code /app/remote/} (spec §8 "Remote ingest protocol"), spoken by
 * solstone-tmux 0.1.x and the SEED observers: {@code POST /api/create} {name} (loopback or session) →
 * {key, key_prefix, name, ingest_url}; {@code POST /ingest/{key}} (multipart); {@code POST /ingest/{key}/event};
 * {@code GET /ingest/{key}/segments/{day}}; {@code GET /api/list} and {@code DELETE /api/{prefix}} (session). No menu
 * entry: the Observers app is the owner's page.
 */
public final class RemoteApp extends ProtocolApp {
    public RemoteApp() {
        super(Protocol.REMOTE, "Remote ingest");
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public void routes(AppRoutes routes) {
        IngestRoutes in = ingestRoutes(routes);
        keyInPathRoutes(routes, in);
        createByNameRoute(routes, in);
        routes.get("/api/list", in.guarded(ctx -> JsonIo.send(ctx, ObserverViews.list(in.observers(), in.ingest()))));
        routes.delete("/api/{prefix}", in.guarded(ctx -> {
            in.logChange("observer_revoke", in.observers().revoke(ctx.pathParam("prefix"))
                    .orElseThrow(() -> ObserverViews.unknown(ctx)));
            JsonIo.send(ctx, Map.of("status", "ok"));
        }));
    }
}
