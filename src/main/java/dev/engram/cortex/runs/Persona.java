package dev.engram.cortex.runs;

import dev.engram.cortex.api.PersonaInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A persona as the reference keeps it: {@code <name>.txt}, the instruction template, and {@code <name>.json}, its
 * config keys (spec §6: {@code title}, {@code description}, {@code backend}, {@code model}, {@code max_tokens},
 * {@code tools}, {@code schedule}, {@code priority}, {@code multi_facet}, {@code always}, {@code env}, {@code save},
 * {@code timeout_seconds}, {@code disable_mcp}, {@code max_turns}), plain JSON values.
 */
record Persona(String name, String template, Map<String, Object> config, boolean builtIn) {
    Persona {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    String text(String key, String fallback) {
        Object v = config.get(key);
        return v instanceof String s && !s.isBlank() ? s : fallback;
    }

    /** The provider endpoint this persona runs on (its {@code provider} key, an Engram addition); empty: by tier. */
    Optional<String> provider() {
        return config.get("provider") instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** The model asked of {@link #provider()} (the persona's {@code model}); empty: the endpoint's. */
    Optional<String> providerModel() {
        return provider().isPresent() && config.get("model") instanceof String s && !s.isBlank() ? Optional.of(s)
                : Optional.empty();
    }

    OptionalInt number(String key) {
        Object v = config.get(key);
        return v instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }

    /** The tool packs or names: {@code tools} as a comma-separated string or a list; the default pack when absent. */
    List<String> tools() {
        return toolList(config.get("tools"));
    }

    static List<String> toolList(Object tools) {
        List<String> out = new ArrayList<>();
        if (tools instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        } else if (tools instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out.isEmpty() ? List.of("default") : out;
    }

    PersonaInfo info() {
        Object multi = config.get("multi_facet");
        return new PersonaInfo(name, text("title", name), text("description", ""), tools(),
                Optional.ofNullable(config.get("schedule")).map(String::valueOf), number("priority").orElse(50),
                Boolean.TRUE.equals(multi), builtIn, Boolean.TRUE.equals(config.get("always")));
    }
}
