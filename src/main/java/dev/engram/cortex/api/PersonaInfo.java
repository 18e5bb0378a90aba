package dev.engram.cortex.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A persona as the apps list it (its config keys, spec §6; the instructions stay inside cortex).
 *
 * @param name        its name, e.g. {@code default}, {@code daily_news}
 * @param title       shown in pickers
 * @param description what it is for
 * @param tools       the tool packs (or tool names) it may use
 * @param schedule    {@code daily} or {@code segment} when scheduled
 * @param priority    order among scheduled personas (default 50)
 * @param multiFacet  runs once per active facet when scheduled
 * @param builtIn     shipped with Engram (false: the owner's own, or an override in {@code <journal>/personas/})
 * @param always      when scheduled: runs even on a day without activity, and (with {@code multiFacet}) for every
 *                    non-muted facet, not only the active ones (spec §7)
 */
public record PersonaInfo(String name, String title, String description, List<String> tools,
                          Optional<String> schedule, int priority, boolean multiFacet, boolean builtIn,
                          boolean always) {
    /** Without {@code always} (false). */
    public PersonaInfo(String name, String title, String description, List<String> tools, Optional<String> schedule,
                       int priority, boolean multiFacet, boolean builtIn) {
        this(name, title, description, tools, schedule, priority, multiFacet, builtIn, false);
    }

    public PersonaInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        tools = List.copyOf(tools);
        schedule = schedule == null ? Optional.empty() : schedule;
    }
}
