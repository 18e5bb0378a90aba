package dev.engram.apps.observers;

import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.ObserverChange;
import dev.engram.observe.api.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Observers app (owner, session): {@code GET /api/list}, {@code POST /api/create} {name} (the key and both ingest
 * URLs answered once), {@code POST /api/{prefix}/revoke}, {@code POST /api/{prefix}/enabled} {enabled},
 * {@code GET /api/{prefix}/history[?day=YYYYMMDD]}, {@code GET /api/{prefix}/failed} (uploads refused with 507 and
 * kept at their {@code failed_path}), {@code GET /api/local} (observers on this computer that put their status on the
 * bus, e.g. {@code engram observe tmux}), {@code GET|PUT /api/settings} {local_registration}. Every change
 * is an action-log entry. Its {@code observe.observed} handler marks delivered segments observed in the history.
 */
public final class ObserversApp implements ConveyApp {
    private final LocalObservers local = new LocalObservers();

    @Override
    public String name() {
        return "observers";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("📡", "Observers").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        IngestRoutes in = new IngestRoutes(Protocol.OBSERVER, routes.context());
        routes.get("/api/list", in.guarded(ctx -> JsonIo.send(ctx, ObserverViews.list(in.observers(), in.ingest()))));
        routes.post("/api/create", in.guarded(ctx -> {
            NewObserver n = in.observers().createUnique(IngestRoutes.nameOf(JsonIo.body(ctx)));
            in.log("observer_create", Map.of("prefix", n.observer().prefix(), "name", n.observer().name()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", n.key());
            out.put("key_prefix", n.observer().prefix());
            out.put("name", n.observer().name());
            String base = IngestRoutes.baseUrl(ctx);
            out.put("ingest_url", base + "/app/remote/ingest/" + n.key());
            out.put("observer_url", base);
            JsonIo.send(ctx, out);
        }));
        routes.post("/api/{prefix}/revoke", in.guarded(ctx -> {
            ObserverChange c = in.observers().revoke(ctx.pathParam("prefix"))
                    .orElseThrow(() -> ObserverViews.unknown(ctx));
            in.logChange("observer_revoke", c); // revoked twice (two tabs, a retried request): one action
            JsonIo.send(ctx, ObserverViews.view(c.observer(), System.currentTimeMillis(), null));
        }));
        routes.post("/api/{prefix}/enabled", in.guarded(ctx -> {
            var body = JsonIo.body(ctx);
            if (!body.path("enabled").isBoolean()) {
                throw new IngestException(400, "Missing enabled", "missing_required_field",
                        "send {\"enabled\": true} or {\"enabled\": false}");
            }
            boolean on = body.path("enabled").booleanValue();
            ObserverChange c = in.observers().setEnabled(ctx.pathParam("prefix"), on)
                    .orElseThrow(() -> ObserverViews.unknown(ctx));
            in.logChange(on ? "observer_enable" : "observer_disable", c);
            JsonIo.send(ctx, ObserverViews.view(c.observer(), System.currentTimeMillis(), null));
        }));
        routes.get("/api/{prefix}/history", in.guarded(ctx -> {
            Observer o = in.observers().find(ctx.pathParam("prefix")).orElseThrow(() -> ObserverViews.unknown(ctx));
            var days = in.observers().historyDays(o.prefix());
            String q = ctx.queryParam("day");
            String day = q != null && !q.isEmpty() ? Params.day(q).key() : days.isEmpty() ? "" : days.get(0);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key_prefix", o.prefix());
            out.put("days", days);
            out.put("day", day);
            out.put("records", day.isEmpty() ? java.util.List.of() : in.observers().history(o.prefix(), day));
            JsonIo.send(ctx, out);
        }));
        routes.get("/api/{prefix}/failed", in.guarded(ctx -> {
            Observer o = in.observers().find(ctx.pathParam("prefix")).orElseThrow(() -> ObserverViews.unknown(ctx));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key_prefix", o.prefix());
            out.put("name", o.name());
            out.put("failed", in.observers().failedUploads(o.prefix()).stream().map(ObserverViews::failed).toList());
            JsonIo.send(ctx, out);
        }));
        routes.get("/api/local", in.guarded(ctx -> JsonIo.send(ctx, local.views(System.currentTimeMillis()))));
        routes.get("/api/settings", in.guarded(ctx -> JsonIo.send(ctx, Map.of("local_registration",
                in.observers().localRegistration()))));
        routes.put("/api/settings", in.guarded(ctx -> {
            var body = JsonIo.body(ctx);
            if (!body.path("local_registration").isBoolean()) {
                throw new IngestException(400, "Missing local_registration", "missing_required_field",
                        "send {\"local_registration\": true|false}");
            }
            boolean on = body.path("local_registration").booleanValue();
            in.observers().setLocalRegistration(on);
            in.log("observer_local_registration", Map.of("allowed", on));
            JsonIo.send(ctx, Map.of("local_registration", on));
        }));
    }

    /**
     * An observer's status: one that ingest relayed (an observer with a key) is already kept by ingest; one put on the
     * bus by an observer on this computer ({@code observer} set, not relayed: the local tmux observer) is kept here
     * for the live view. Sense's own status (no {@code observer}) is not an observer's.
     */
    @OnEvent(tract = "observe", event = "status")
    public void status(EventContext ctx) {
        String name = ctx.msg().string("observer").orElse("");
        if (name.isEmpty() || ctx.msg().string("remote").isPresent()) {
            return;
        }
        boolean relayed = ctx.context().findService(Ingest.class).map(i -> i.latestStatus().values().stream()
                .anyMatch(s -> name.equals(s.get("observer")) || name.equals(s.get("remote")))).orElse(false);
        if (!relayed) {
            local.update(name, ctx.msg().json(), System.currentTimeMillis());
        }
    }

    /** Sense finished a segment: mark it observed in the delivering observer's history (the sync check's flag). */
    @OnEvent(tract = "observe", event = "observed")
    public void observed(EventContext ctx) {
        String name = ctx.msg().string("observer").or(() -> ctx.msg().string("remote")).orElse("");
        String day = ctx.msg().string("day").orElse("");
        String segment = ctx.msg().string("segment").orElse("");
        if (!name.isEmpty()) {
            ctx.context().findService(Ingest.class).ifPresent(i -> i.observed(name, day, segment));
        }
    }
}
