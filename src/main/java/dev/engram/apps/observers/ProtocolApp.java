package dev.engram.apps.observers;

import dev.engram.convey.Access;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.observe.api.Protocol;

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
}
