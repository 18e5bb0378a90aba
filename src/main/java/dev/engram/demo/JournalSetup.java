package dev.engram.demo;

import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The journal-wide part of the demo: {@code config/journal.json} (identity and the {@code demo} marker that says
 * how it was generated), {@code config/convey.json}, each facet's {@code facet.json} and attached entities, and the
 * journal-level action log of the first day.
 */
final class JournalSetup {
    /** The key in {@code config/journal.json} that marks a generated demo journal. */
    static final String MARKER = "demo";
    /** The marker's field saying the whole journal was written ({@code false} while generating). */
    static final String COMPLETE = "complete";

    private JournalSetup() {
    }

    /** The first write of a run: the marker, saying the journal is not complete yet. */
    static void markStarted(Journal journal, DemoSpec spec) {
        Map<String, Object> marker = marker(spec, false);
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with(MARKER, marker)));
    }

    /** The last write of a run: the marker says the journal is complete. */
    static void markComplete(Journal journal) {
        journal.updateConfig(c -> {
            Map<String, Object> marker = new LinkedHashMap<>();
            if (c.extra().toMap().get(MARKER) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> marker.put(String.valueOf(k), v));
            }
            marker.put(COMPLETE, true);
            return new JournalConfig(c.identity(), c.convey(), c.extra().with(MARKER, marker));
        });
    }

    private static Map<String, Object> marker(DemoSpec spec, boolean complete) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("generator", "engram demo");
        marker.put("seed", spec.seed());
        marker.put("days", spec.days());
        marker.put("segments_per_day", spec.segmentsPerDay());
        marker.put("end", spec.end().toString());
        marker.put(COMPLETE, complete);
        return marker;
    }

    static void write(Journal journal, DemoSpec spec) {
        Map<String, Object> marker = marker(spec, false);
        journal.updateConfig(c -> new JournalConfig(World.identity(), c.convey(), c.extra().with(MARKER, marker)));
        List<String> order = World.FACETS.stream().map(FacetTheme::name).toList();
        // no facet selected: a new visitor opens on All and sees everything the demo recorded
        journal.updateConveyPrefs(p -> p.withFacetOrder(order).withSelectedFacet(Optional.empty())
                .withAppOrder(List.of("home", "calendar", "todos", "entities", "search", "chat"))
                .withStarredApps(List.of("home", "todos")));
        Day first = new Day(spec.firstDay());
        long attached = DemoTime.millis(spec.firstDay(), LocalTime.of(8, 0));
        for (FacetTheme theme : World.FACETS) {
            FacetStore store = journal.facetStore(theme.name());
            store.save(theme.facet());
            List<Entity> entities = new ArrayList<>();
            for (EntitySeed seed : theme.entities()) {
                Extra custom = Extra.empty();
                for (Map.Entry<String, Object> e : seed.custom().entrySet()) {
                    custom = custom.with(e.getKey(), e.getValue());
                }
                entities.add(new Entity(seed.type(), seed.name(), seed.description(), seed.aka(), false,
                        OptionalLong.of(attached), OptionalLong.of(attached), custom));
            }
            store.updateEntities(current -> entities);
        }
        journal.actions().log(first, new ActionLogEntry(DemoTime.iso(spec.firstDay(), LocalTime.of(8, 0)), "app",
                "settings", "identity_update", Extra.empty().with("name", World.OWNER).with("timezone", World.TIMEZONE),
                Optional.empty(), Optional.empty(), Extra.empty()));
        for (FacetTheme theme : World.FACETS) {
            journal.actions().log(first, new ActionLogEntry(DemoTime.iso(spec.firstDay(), LocalTime.of(8, 1)), "app",
                    "settings", "facet_create", Extra.empty().with("facet", theme.name()), Optional.empty(),
                    Optional.empty(), Extra.empty()));
        }
    }
}
