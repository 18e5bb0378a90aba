package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.index.api.Searcher;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the tools work on: the journal, the search service when there is one, the clock, and the bus (for
 * {@code cortex.finish} of a sent message). Shared by every tool group; thread-safe.
 */
record ToolEnv(Journal journal, Supplier<Optional<Searcher>> searcher, Clock clock, BusSend bus) {

    /** Sends one bus event without blocking; false when it could not. */
    @FunctionalInterface
    interface BusSend {
        boolean emit(String tract, String event, Map<String, ?> fields);

        static BusSend none() {
            return (t, e, f) -> false;
        }
    }

    Day today() {
        return new Day(LocalDate.now(clock));
    }

    long nowMillis() {
        return clock.millis();
    }

    /** The facet's store; the facet must exist (the error lists the ones this caller may use). */
    FacetStore facet(String name, ToolCaller caller) {
        FacetStore fs = journal.facetStore(name);
        if (!fs.exists()) {
            throw new ToolArgException("there is no facet '" + name + "'; facets: " + String.join(", ",
                    visibleFacets(caller)));
        }
        return fs;
    }

    /** The facets this caller may see: all that exist, or those of its restriction that exist. */
    Set<String> visibleFacets(ToolCaller caller) {
        Set<String> out = new TreeSet<>();
        journal.facets().forEach(f -> {
            if (caller.facets().isEmpty() || caller.facets().contains(f.name())) {
                out.add(f.name());
            }
        });
        return out;
    }

    /**
     * Appends the change to the facet's action log ({@code facets/<f>/logs/<today>.jsonl}): source {@code tool}, the
     * caller as actor (an agent's persona with its {@code agent_id} for {@code agent:<persona>:<id>}), the arguments.
     */
    void logAction(FacetStore facet, ToolCaller caller, String action, ObjectNode params) {
        facet.log(today(), entry(caller, action, params));
    }

    /** The same entry in the journal-level log ({@code config/actions/<today>.jsonl}), for changes of no facet. */
    void logJournalAction(ToolCaller caller, String action, ObjectNode params) {
        journal.actions().log(today(), entry(caller, action, params));
    }

    private ActionLogEntry entry(ToolCaller caller, String action, ObjectNode params) {
        Extra p = Extra.empty();
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            p = p.with(e.getKey(), e.getValue());
        }
        String actor = caller.actor();
        Optional<String> agentId = Optional.empty();
        String[] parts = actor.split(":", 3);
        if (parts.length == 3 && parts[0].equals("agent")) {
            actor = parts[1];
            agentId = Optional.of(parts[2]);
        }
        return new ActionLogEntry(OffsetDateTime.now(clock).toString(), "tool", actor, action, p, Optional.empty(),
                agentId, Extra.empty());
    }
}
