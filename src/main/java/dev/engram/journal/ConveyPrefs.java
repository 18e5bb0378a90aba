package dev.engram.journal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** {@code config/convey.json}: facet order and selection, app order and starred apps. */
public record ConveyPrefs(List<String> facetOrder, Optional<String> selectedFacet, List<String> appOrder,
                          List<String> starredApps, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("convey.json", 1,
            "config/convey.json: facets{order[], selected}, apps{order[], starred[]}", false);
    public static final ConveyPrefs DEFAULT =
            new ConveyPrefs(List.of(), Optional.empty(), List.of(), List.of(), Extra.empty());
    private static final Set<String> KNOWN = Set.of("facets", "apps");

    public ConveyPrefs {
        facetOrder = facetOrder == null ? List.of() : List.copyOf(facetOrder);
        selectedFacet = selectedFacet == null ? Optional.empty() : selectedFacet.filter(s -> !s.isEmpty());
        appOrder = appOrder == null ? List.of() : List.copyOf(appOrder);
        starredApps = starredApps == null ? List.of() : List.copyOf(starredApps);
        extra = extra == null ? Extra.empty() : extra;
    }

    public ConveyPrefs withSelectedFacet(Optional<String> facet) {
        return new ConveyPrefs(facetOrder, facet, appOrder, starredApps, extra);
    }

    public ConveyPrefs withFacetOrder(List<String> order) {
        return new ConveyPrefs(order, selectedFacet, appOrder, starredApps, extra);
    }

    public ConveyPrefs withAppOrder(List<String> order) {
        return new ConveyPrefs(facetOrder, selectedFacet, order, starredApps, extra);
    }

    public ConveyPrefs withStarredApps(List<String> starred) {
        return new ConveyPrefs(facetOrder, selectedFacet, appOrder, starred, extra);
    }

    static ConveyPrefs decode(ObjectNode o) {
        ObjectNode facets = Json.objectOrEmpty(o, "facets");
        ObjectNode apps = Json.objectOrEmpty(o, "apps");
        // Unknown keys inside "facets"/"apps" are kept too.
        Extra extra = Extra.from(o, KNOWN)
                .with("facets", Extra.from(facets, Set.of("order", "selected")))
                .with("apps", Extra.from(apps, Set.of("order", "starred")));
        return new ConveyPrefs(Json.strings(facets, "order"), Json.string(facets, "selected"),
                Json.strings(apps, "order"), Json.strings(apps, "starred"), extra);
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        ObjectNode facets = o.putObject("facets");
        facets.set("order", Json.stringArray(facetOrder));
        selectedFacet.ifPresent(s -> facets.put("selected", s));
        ObjectNode apps = o.putObject("apps");
        apps.set("order", Json.stringArray(appOrder));
        apps.set("starred", Json.stringArray(starredApps));
        extra.get("facets").ifPresent(n -> mergeInto(facets, n));
        extra.get("apps").ifPresent(n -> mergeInto(apps, n));
        extra.without("facets").without("apps").writeTo(o);
        return o;
    }

    private static void mergeInto(ObjectNode target, tools.jackson.databind.JsonNode source) {
        if (source instanceof ObjectNode s) {
            s.properties().forEach(e -> {
                if (!target.has(e.getKey())) {
                    target.set(e.getKey(), e.getValue());
                }
            });
        }
    }
}
