package dev.engram.apps.entities;

import dev.engram.convey.ApiError;
import dev.engram.convey.FacetScope;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityEdits;
import dev.engram.journal.EntityPromotion;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Entities app's reads: each facet's attached, detached and detected entities, and one entity's page. */
final class EntityViews {
    /** Detected entities listed per facet at most (the rest counted in {@code detected_more}). */
    static final int MAX_DETECTED = 500;
    private final Journal journal;
    private final Clock clock;
    private final Mentions mentions;

    EntityViews(Journal journal, Clock clock, Mentions mentions) {
        this.journal = journal;
        this.clock = clock;
        this.mentions = mentions;
    }

    /**
     * {@code {today, from, rule{promote_days, promote_window_days}, facets[{name, title, color, emoji, attached[],
     * detached[], detected[], detected_more}], warnings}}; detected: seen from {@code from} to today and not in the
     * facet's entities.jsonl.
     */
    Map<String, Object> facets(Optional<String> facet, int days) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        Day today = today();
        Day from = today.plusDays(1 - days);
        EntityPromotion.Rule rule = EntityPromotion.rule(j);
        List<Map<String, Object>> facets = new ArrayList<>();
        for (Facet f : FacetScope.of(j, facet)) {
            FacetStore fs = j.facetStore(f.name());
            List<Entity> known = fs.entities();
            List<Map<String, Object>> detected = new ArrayList<>();
            int more = 0;
            for (EntityPromotion.Sighting s : EntityPromotion.sightings(fs, from, today)) {
                if (known.stream().anyMatch(e -> e.knownAs(s.name()))) {
                    continue;
                }
                if (detected.size() >= MAX_DETECTED) {
                    more++;
                    continue;
                }
                detected.add(EntityFields.json(s));
            }
            Map<String, Object> m = FacetScope.json(f);
            m.put("attached", known.stream().filter(e -> !e.detached()).map(EntityFields::json).toList());
            m.put("detached", known.stream().filter(Entity::detached).map(EntityFields::json).toList());
            m.put("detected", detected);
            m.put("detected_more", more);
            facets.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("today", today.key());
        out.put("from", from.key());
        out.put("rule", Map.of("promote_days", rule.minDays(), "promote_window_days", rule.windowDays()));
        out.put("facets", facets);
        out.put("warnings", warnings.json());
        return out;
    }

    /**
     * One entity: {@code {facet{...}, name, status (attached, detached, detected), entity{...}, detected_days[],
     * mentions{...}, warnings}}; 404 {@code unknown_entity} when the facet neither has it nor detected it in the
     * last {@link EntityPromotion#MAX_WINDOW_DAYS} days.
     */
    Map<String, Object> entity(String facetName, String name) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        Facet f = FacetScope.known(j, facetName);
        FacetStore fs = j.facetStore(f.name());
        Day today = today();
        Optional<EntityPromotion.Sighting> seen = EntityPromotion.sightings(fs,
                today.plusDays(1 - EntityPromotion.MAX_WINDOW_DAYS), today).stream()
                .filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
        Optional<Entity> entity = EntityEdits.find(fs.entities(), name);
        Map<String, Object> json;
        String status;
        List<String> akas;
        if (entity.isPresent()) {
            json = EntityFields.json(entity.get());
            status = entity.get().detached() ? "detached" : "attached";
            akas = entity.get().aka();
        } else if (seen.isPresent()) {
            json = EntityFields.json(seen.get());
            status = "detected";
            akas = seen.get().aka();
        } else {
            throw ApiError.notFound("unknown_entity", "facet '" + f.name() + "' has no entity named '"
                    + dev.engram.convey.Params.shown(name) + "' (attached, detached or detected in the last "
                    + EntityPromotion.MAX_WINDOW_DAYS + " days)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("facet", FacetScope.json(f));
        out.put("name", json.get("name"));
        out.put("status", status);
        out.put("entity", json);
        out.put("detected_days", seen.map(s -> EntityFields.keys(s.days())).orElse(List.of()));
        out.put("mentions", mentions.of((String) json.get("name"), akas));
        out.put("warnings", warnings.json());
        return out;
    }

    private Day today() {
        return new Day(LocalDate.now(clock));
    }
}
