package dev.engram.convey;

import dev.engram.journal.ConveyPrefs;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** {@code /api/config/…}: menu order and stars, facet order and selection, written to config/convey.json. */
final class ConfigRoutes {
    private final Journal journal;
    private final Set<String> appNames;

    ConfigRoutes(Journal journal, List<ConveyApp> apps) {
        this.journal = journal;
        this.appNames = apps.stream().map(ConveyApp::name).collect(Collectors.toUnmodifiableSet());
    }

    void register(RoutesConfig r) {
        r.get("/api/config/convey", ctx -> ctx.json(prefsJson(journal.conveyPrefs())));
        r.post("/api/config/apps/order", ctx -> {
            List<String> order = names(JsonIo.body(ctx), "order", appNames, "unknown_app");
            ctx.json(prefsJson(journal.updateConveyPrefs(p -> p.withAppOrder(order))));
        });
        r.post("/api/config/apps/star", ctx -> {
            JsonNode b = JsonIo.body(ctx);
            String app = text(b, "app");
            if (!appNames.contains(app)) {
                throw ApiError.badRequest("unknown_app", "unknown app '" + app + "'");
            }
            JsonNode starred = b.get("starred");
            if (starred == null || !starred.isBoolean()) {
                throw ApiError.badRequest("invalid_field", "'starred' must be true or false");
            }
            ctx.json(prefsJson(journal.updateConveyPrefs(p -> {
                List<String> s = new ArrayList<>(p.starredApps());
                s.remove(app);
                if (starred.booleanValue()) {
                    s.add(app);
                }
                return p.withStarredApps(s);
            })));
        });
        r.post("/api/config/facets/order", ctx -> {
            List<String> order = names(JsonIo.body(ctx), "order", facetNames(), "unknown_facet");
            ctx.json(prefsJson(journal.updateConveyPrefs(p -> p.withFacetOrder(order))));
        });
        r.post("/api/config/facets/select", ctx -> {
            String facet = text(JsonIo.body(ctx), "facet");
            boolean all = facet.isEmpty() || facet.equals("all");
            if (!all && !facetNames().contains(facet)) {
                throw ApiError.badRequest("unknown_facet", "unknown facet '" + facet + "'");
            }
            Optional<String> chosen = all ? Optional.empty() : Optional.of(facet);
            ConveyPrefs prefs = journal.updateConveyPrefs(p -> p.withSelectedFacet(chosen));
            Requests.setCookie(ctx, Shell.FACET_COOKIE, chosen.orElse("all"), false, SameSite.LAX, 365L * 24 * 3600);
            ctx.json(prefsJson(prefs));
        });
    }

    private Set<String> facetNames() {
        return journal.facets().stream().map(Facet::name).collect(Collectors.toSet());
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isString()) {
            throw ApiError.badRequest("invalid_field", "'" + field + "' must be a string");
        }
        return n.stringValue();
    }

    private static List<String> names(JsonNode body, String field, Set<String> known, String reason) {
        JsonNode n = body.get(field);
        if (n == null || !n.isArray()) {
            throw ApiError.badRequest("invalid_field", "'" + field + "' must be a list of names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isString() || !known.contains(item.stringValue())) {
                throw ApiError.badRequest(reason, "unknown name " + item);
            }
            if (!out.contains(item.stringValue())) {
                out.add(item.stringValue());
            }
        }
        return out;
    }

    static Map<String, Object> prefsJson(ConveyPrefs p) {
        Map<String, Object> facets = new LinkedHashMap<>();
        facets.put("order", p.facetOrder());
        facets.put("selected", p.selectedFacet().orElse(""));
        Map<String, Object> apps = new LinkedHashMap<>();
        apps.put("order", p.appOrder());
        apps.put("starred", p.starredApps());
        return Map.of("facets", facets, "apps", apps);
    }
}
