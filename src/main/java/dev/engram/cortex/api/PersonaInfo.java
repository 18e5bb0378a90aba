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
 */
public record PersonaInfo(String name, String title, String description, List<String> tools,
                          Optional<String> schedule, int priority, boolean multiFacet, boolean builtIn) {
    public PersonaInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        tools = List.copyOf(tools);
        schedule = schedule == null ? Optional.empty() : schedule;
    }
}
