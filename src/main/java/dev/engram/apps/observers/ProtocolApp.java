package dev.engram.apps.observers;

import dev.engram.convey.Access;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shell both ingest protocol apps share: no menu entry (the Observers app is the owner's page), the observers'
 * workspace, and the key-in-path ingest routes every protocol answers.
 */
abstract class ProtocolApp implements ConveyApp {
    private final Protocol protocol;
    private final String title;

    ProtocolApp(Protocol protocol, String title) {
        this.protocol = protocol;
        this.title = title;
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("📡", title).withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public boolean inMenu() {
        return false;
    }

    @Override
    public String workspaceTemplate() {
        return "apps/observers/workspace.jte";
    }

    IngestRoutes ingestRoutes(AppRoutes routes) {
        return new IngestRoutes(protocol, routes.context());
    }

    /**
     * Adds {@code /ingest/{key}}, {@code /ingest/{key}/event} and {@code /ingest/{key}/segments/{day}}; after any
     * fixed {@code /ingest/...} route, which would otherwise be taken for a key.
     */
    void keyInPathRoutes(AppRoutes routes, IngestRoutes in) {
        routes.post("/ingest/{key}", in.guarded(in::upload), Access.KEY);
        routes.post("/ingest/{key}/event", in.guarded(in::event), Access.KEY);
        routes.get("/ingest/{key}/segments/{day}", in.guarded(in::segments), Access.KEY);
    }

    /**
     * Adds {@code POST /api/create} {@code {"name"}} → {@code {key, key_prefix, name, ingest_url}}: SEED's
     * registration under {@code /app/remote/}, and under {@code /app/observer/} the same route after the reference's
     * rename, where solstone-tmux 0.2.x registers; loopback without proxy headers (if the owner allows it) or a session.
     */
    void createByNameRoute(AppRoutes routes, IngestRoutes in) {
        String ingestPath = "/app/" + name() + "/ingest/";
        routes.post("/api/create", in.guarded(ctx -> {
            String name = IngestRoutes.nameOf(JsonIo.body(ctx));
            if (name.isBlank()) {
                throw new IngestException(400, "Missing name", "missing_required_field", "send {\"name\": \"...\"}");
            }
            NewObserver n = in.register(ctx, name);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", n.key());
            out.put("key_prefix", n.observer().prefix());
            out.put("name", n.observer().name());
            out.put("ingest_url", IngestRoutes.baseUrl(ctx) + ingestPath + n.key());
            JsonIo.send(ctx, out);
        }), Access.LOOPBACK, Access.SESSION);
    }
}
