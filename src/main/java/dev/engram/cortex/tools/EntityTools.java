package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityEdits;
import dev.engram.journal.FacetStore;
import dev.engram.journal.NoSuchEntityException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code entities} pack: {@code entity_list}, {@code entity_detect}, {@code entity_attach},
 * {@code entity_update}, {@code entity_add_aka}. Attached entities live in {@code facets/<f>/entities.jsonl}, detected
 * ones in {@code facets/<f>/entities/<day>.jsonl}; names compare case-insensitively.
 */
final class EntityTools {
    static final String PACK = "entities";
    private final ToolEnv env;

    EntityTools(ToolEnv env) {
        this.env = env;
    }

    List<ToolDef> defs() {
        return List.of(
                ToolDef.read(PACK, "entity_list", "List a facet's attached entities, or those detected on one day.",
                        Schema.of().facet("facet", true, "the facet")
                                .day("day", false, "list the entities detected on this day instead"), this::list),
                ToolDef.write(PACK, "entity_detect", "Record an entity (person, company, project, tool...) seen on a"
                        + " day in a facet.", Schema.of().day("day", true, "the day, YYYYMMDD")
                        .facet("facet", true, "the facet").string("type", true, "e.g. Person, Company, Project, Tool")
                        .string("name", true, "the entity's name").string("description", true, "one sentence"),
                        this::detect),
                ToolDef.write(PACK, "entity_attach", "Attach an entity to a facet (or re-attach a detached one).",
                        Schema.of().facet("facet", true, "the facet").string("type", true, "e.g. Person, Company")
                                .string("name", true, "the entity's name")
                                .string("description", true, "one sentence"), this::attach),
                ToolDef.write(PACK, "entity_update", "Change an attached entity's description; old_description must"
                        + " be its current description (a guard against overwriting someone else's change).",
                        Schema.of().facet("facet", true, "the facet").string("type", true, "the entity's type")
                                .string("name", true, "the entity's name")
                                .string("old_description", true, "its description now")
                                .string("new_description", true, "the new description")
                                .day("day", false, "not supported: detected entities are kept as recorded"),
                        this::update),
                ToolDef.write(PACK, "entity_add_aka", "Add another name (alias) to an attached entity.",
                        Schema.of().facet("facet", true, "the facet").string("type", true, "the entity's type")
                                .string("name", true, "the entity's name").string("aka", true, "the other name"),
                        this::addAka));
    }

    private String list(Args a, ToolCaller caller) {
        FacetStore fs = env.facet(a.string("facet"), caller);
        Optional<Day> day = a.optDay("day");
        List<Entity> entities = day.map(fs::detectedEntities).orElseGet(fs::attachedEntities);
        ObjectNode o = ToolJson.object();
        o.put("facet", fs.name());
        day.ifPresent(d -> o.put("day", d.key()));
        ArrayNode out = o.putArray("entities");
        entities.forEach(e -> out.add(Records.entity(e)));
        return ToolJson.write(o);
    }

    private static String type(Args a) {
        String t = a.text("type");
        if (!Entity.TYPE_RULE.matcher(t).matches()) {
            throw new ToolArgException("'type' must be 3 to 64 letters, digits or spaces (e.g. Person), not '" + t
                    + "'");
        }
        return t;
    }

    private String detect(Args a, ToolCaller caller) {
        Day day = a.day("day");
        FacetStore fs = env.facet(a.string("facet"), caller);
        String type = type(a);
        String name = a.text("name");
        boolean known = fs.detectedEntities(day).stream().anyMatch(e -> same(e, name));
        if (!known) {
            fs.addDetected(day, List.of(Entity.of(type, name, a.string("description").strip())));
            env.logAction(fs, caller, "entity_detect", a.json());
        }
        return result(fs, known ? "already detected on " + day.key() : "detected", null);
    }

    private String attach(Args a, ToolCaller caller) {
        FacetStore fs = env.facet(a.string("facet"), caller);
        Entity wanted = Entity.of(type(a), a.text("name"), a.string("description").strip());
        EntityEdits.Result r = EntityEdits.attach(fs, wanted, env.nowMillis());
        if (r.outcome().changed()) {
            env.logAction(fs, caller, "entity_attach", a.json());
        }
        String outcome = switch (r.outcome()) {
            case REATTACHED -> "re-attached";
            case ALREADY_ATTACHED -> "already attached";
            default -> "attached";
        };
        return result(fs, outcome, r.entity());
    }

    private String update(Args a, ToolCaller caller) {
        if (a.has("day")) {
            throw new ToolArgException("entity_update: detected entities (with 'day') are kept as recorded; attach"
                    + " the entity with entity_attach, then update it without 'day'");
        }
        FacetStore fs = env.facet(a.string("facet"), caller);
        String name = a.text("name");
        String old = a.string("old_description");
        String next = a.string("new_description").strip();
        long now = env.nowMillis();
        EntityEdits.Result r = attached(() -> EntityEdits.change(fs, name, e -> {
            if (!e.description().equals(old)) {
                throw new ToolArgException("entity_update: the description of '" + e.name() + "' is now \""
                        + e.description() + "\", not old_description; pass the current one to replace it");
            }
            return e.withDescription(next, now);
        }));
        env.logAction(fs, caller, "entity_update", a.json());
        return result(fs, "updated", r.entity());
    }

    private String addAka(Args a, ToolCaller caller) {
        FacetStore fs = env.facet(a.string("facet"), caller);
        String name = a.text("name");
        String aka = a.text("aka");
        EntityEdits.Result r = attached(() -> EntityEdits.addAka(fs, name, aka, env.nowMillis()));
        boolean changed = r.outcome().changed();
        if (changed) {
            env.logAction(fs, caller, "entity_add_aka", a.json());
        }
        return result(fs, changed ? "aka added" : "already known by that name", r.entity());
    }

    /** Runs a change of an attached entity; a clear error when there is none. */
    private static EntityEdits.Result attached(java.util.function.Supplier<EntityEdits.Result> change) {
        try {
            return change.get();
        } catch (NoSuchEntityException e) {
            throw new ToolArgException("no attached entity named '" + e.entity() + "'; entity_list shows them,"
                    + " entity_attach adds one");
        }
    }

    private static boolean same(Entity e, String name) {
        return e.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }

    private static String result(FacetStore fs, String outcome, Entity entity) {
        ObjectNode o = ToolJson.object();
        o.put("facet", fs.name());
        o.put("result", outcome);
        if (entity != null) {
            o.set("entity", Records.entity(entity));
        }
        return ToolJson.write(o);
    }
}
