package dev.engram.apps.entities;

import dev.engram.convey.ApiError;
import dev.engram.convey.FacetScope;
import dev.engram.convey.Params;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityEdits;
import dev.engram.journal.EntityPromotion;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import dev.engram.journal.NoSuchEntityException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The owner's changes to a facet's entities, each through {@link EntityEdits} (one locked, atomic rewrite of
 * {@code entities.jsonl}) and logged in the facet's action log ({@code source: app}, {@code actor: entities}):
 * {@code entity_attach}, {@code entity_detach}, {@code entity_update}, {@code entity_add_aka},
 * {@code entity_remove_aka}, {@code entity_promote}.
 */
final class EntityWrites {
    static final String ACTOR = "entities";
    private final Journal journal;
    private final Clock clock;

    EntityWrites(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * {@code {name, type?, description?}}: attaches the entity; type and description default to its latest
     * detection (so a detected entity becomes attached as detected). A detached one is re-attached as it was.
     */
    Map<String, Object> attach(String facetName, ObjectNode body) {
        FacetStore fs = store(facetName);
        EntityFields.onlyKnown(body, Set.of("name", "type", "description"));
        String name = EntityFields.name(body, "name", true).orElseThrow();
        Optional<String> type = EntityFields.type(body, false);
        Optional<String> description = EntityFields.description(body);
        Optional<EntityPromotion.Sighting> seen = sighting(fs, name);
        String t = type.or(() -> seen.map(EntityPromotion.Sighting::type)).orElseThrow(() -> ApiError.badRequest(
                "invalid_type", "'type' is required for an entity that was never detected (e.g. Person, Company)"));
        Entity wanted = seen.isPresent() && seen.get().name().equalsIgnoreCase(name)
                ? new Entity(t, seen.get().name(), description.orElse(seen.get().description()), seen.get().aka(),
                false, null, null, seen.get().extra())
                : Entity.of(t, name, description.orElse(""));
        EntityEdits.Result r = EntityEdits.attach(fs, wanted, clock.millis());
        if (r.outcome() == EntityEdits.Outcome.ALREADY_ATTACHED) {
            throw new ApiError(409, "already_attached", "'" + r.entity().name() + "' is already attached to "
                    + fs.name());
        }
        Map<String, Object> p = params(r.entity().name());
        p.put("type", r.entity().type());
        p.put("description", r.entity().description());
        log(fs, "entity_attach", p);
        return answer(fs, r.outcome() == EntityEdits.Outcome.REATTACHED ? "reattached" : "attached", r.entity());
    }

    /** {@code {name}}: detaches an attached entity; a detected one is dismissed (recorded as detached). */
    Map<String, Object> detach(String facetName, ObjectNode body) {
        FacetStore fs = store(facetName);
        EntityFields.onlyKnown(body, Set.of("name"));
        String name = EntityFields.name(body, "name", true).orElseThrow();
        boolean wasKnown = EntityEdits.find(fs.entities(), name).isPresent();
        Optional<Entity> dismissed = sighting(fs, name).map(s -> new Entity(s.type(), s.name(), s.description(),
                s.aka(), true, null, null, s.extra()));
        EntityEdits.Result r = existing(fs, name, () -> EntityEdits.detach(fs, name, dismissed, clock.millis()));
        if (r.outcome() == EntityEdits.Outcome.ALREADY_DETACHED) {
            return answer(fs, "already_detached", r.entity());
        }
        Map<String, Object> p = params(r.entity().name());
        if (!wasKnown) {
            p.put("detected", true);
        }
        log(fs, "entity_detach", p);
        return answer(fs, wasKnown ? "detached" : "dismissed", r.entity());
    }

    /** {@code {name, type?, description?, add_aka?, remove_aka?}}: only the given fields change. */
    Map<String, Object> edit(String facetName, ObjectNode body) {
        FacetStore fs = store(facetName);
        EntityFields.onlyKnown(body, Set.of("name", "type", "description", "add_aka", "remove_aka"));
        String name = EntityFields.name(body, "name", true).orElseThrow();
        Optional<String> type = EntityFields.type(body, false);
        Optional<String> description = EntityFields.description(body);
        Optional<String> addAka = EntityFields.name(body, "add_aka", false);
        Optional<String> removeAka = EntityFields.name(body, "remove_aka", false);
        if (type.isEmpty() && description.isEmpty() && addAka.isEmpty() && removeAka.isEmpty()) {
            throw ApiError.badRequest("bad_request", "nothing to change: send type, description, add_aka or"
                    + " remove_aka");
        }
        long now = clock.millis();
        List<String> changed = new ArrayList<>();
        EntityEdits.Result r = null;
        if (type.isPresent() || description.isPresent()) {
            r = existing(fs, name, () -> EntityEdits.change(fs, name, e -> {
                Entity next = type.filter(t -> !t.equals(e.type())).map(t -> e.withType(t, now)).orElse(e);
                return description.filter(d -> !d.equals(next.description()))
                        .map(d -> next.withDescription(d, now)).orElse(next);
            }));
            if (r.outcome().changed()) {
                Map<String, Object> p = params(r.entity().name());
                type.ifPresent(t -> p.put("type", t));
                description.ifPresent(d -> p.put("description", d));
                log(fs, "entity_update", p);
                changed.add("entity");
            }
        }
        if (addAka.isPresent()) {
            r = akaChange(fs, name, addAka.get(), "entity_add_aka",
                    () -> EntityEdits.addAka(fs, name, addAka.get(), now), changed);
        }
        if (removeAka.isPresent()) {
            r = akaChange(fs, name, removeAka.get(), "entity_remove_aka",
                    () -> EntityEdits.removeAka(fs, name, removeAka.get(), now), changed);
        }
        Map<String, Object> out = answer(fs, changed.isEmpty() ? "unchanged" : "updated", r.entity());
        out.put("changed", changed);
        return out;
    }

    private EntityEdits.Result akaChange(FacetStore fs, String name, String aka, String action,
                                         Supplier<EntityEdits.Result> change, List<String> changed) {
        EntityEdits.Result r = existing(fs, name, change);
        if (r.outcome().changed()) {
            Map<String, Object> p = params(r.entity().name());
            p.put("aka", aka);
            log(fs, action, p);
            changed.add(action.equals("entity_add_aka") ? "add_aka" : "remove_aka");
        }
        return r;
    }

    /** {@code {facet?}}: runs entity promotion now for today, in the facet or every unmuted facet. */
    Map<String, Object> promote(ObjectNode body) {
        EntityFields.onlyKnown(body, Set.of("facet"));
        Optional<String> facet = body.hasNonNull("facet")
                ? Optional.of(Params.facet(body.get("facet").asString(""))) : Optional.empty();
        Day today = new Day(LocalDate.now(clock));
        EntityPromotion.Rule rule = EntityPromotion.rule(journal);
        List<Map<String, Object>> promoted = new ArrayList<>();
        for (Facet f : FacetScope.of(journal, facet)) {
            for (EntityPromotion.Promoted p : EntityPromotion.promote(journal.facetStore(f.name()), today, rule, clock,
                    ACTOR)) {
                Map<String, Object> m = EntityFields.json(p.entity());
                m.put("facet", p.facet());
                m.put("days", EntityFields.keys(p.days()));
                promoted.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", today.key());
        out.put("rule", Map.of("promote_days", rule.minDays(), "promote_window_days", rule.windowDays()));
        out.put("promoted", promoted);
        return out;
    }

    private Optional<EntityPromotion.Sighting> sighting(FacetStore fs, String name) {
        Day today = new Day(LocalDate.now(clock));
        return EntityPromotion.sightings(fs, today.plusDays(1 - EntityPromotion.MAX_WINDOW_DAYS), today).stream()
                .filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    private static EntityEdits.Result existing(FacetStore fs, String name, Supplier<EntityEdits.Result> change) {
        try {
            return change.get();
        } catch (NoSuchEntityException e) {
            throw ApiError.notFound("unknown_entity", "facet '" + fs.name() + "' has no attached entity named '"
                    + Params.shown(name) + "'");
        }
    }

    private FacetStore store(String facetName) {
        return journal.facetStore(FacetScope.known(journal, Params.facet(facetName)).name());
    }

    private static Map<String, Object> params(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        return p;
    }

    private void log(FacetStore fs, String action, Map<String, Object> params) {
        fs.logByApp(ACTOR, action, params, OffsetDateTime.now(clock));
    }

    private static Map<String, Object> answer(FacetStore fs, String result, Entity entity) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("facet", fs.name());
        out.put("result", result);
        out.put("entity", EntityFields.json(entity));
        return out;
    }
}
