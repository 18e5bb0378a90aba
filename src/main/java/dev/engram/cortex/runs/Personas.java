package dev.engram.cortex.runs;

import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The personas: built-ins shipped in the jar ({@code /personas/<name>.txt} and {@code .json}) and the owner's own in
 * {@code <journal>/personas/}, which override a built-in of the same name. Read on each call (the files are small and
 * few), so an edit counts at the next run. A broken {@code .json} is a named warning and the persona keeps its
 * template with no config.
 */
final class Personas {
    static final List<String> BUILT_IN = List.of("default", "daily_news", "todos", "entities");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(Personas.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Journal journal;
    private final Map<String, Optional<Persona>> builtIns = new java.util.concurrent.ConcurrentHashMap<>();

    Personas(Journal journal) {
        this.journal = journal;
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Every persona, built-ins first (in their order), then the owner's own by name. */
    List<Persona> all() {
        Map<String, Persona> out = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            builtIn(name).ifPresent(p -> out.put(name, p));
        }
        for (String file : journal.personaFiles()) {
            if (file.endsWith(".txt")) {
                String name = file.substring(0, file.length() - 4);
                if (validName(name)) {
                    own(name).ifPresent(p -> out.put(name, p));
                }
            }
        }
        return List.copyOf(out.values());
    }

    Optional<Persona> find(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        Optional<Persona> own = own(name);
        return own.isPresent() ? own : builtIn(name);
    }

    private Optional<Persona> own(String name) {
        return journal.readPersonaFile(name + ".txt").map(template -> new Persona(name, template,
                journal.readPersonaFile(name + ".json").map(j -> config("personas/" + name + ".json", j))
                        .orElse(Map.of()), false));
    }

    /** A built-in persona (read from the jar once: it cannot change while Engram runs). */
    private Optional<Persona> builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            return Optional.empty();
        }
        return builtIns.computeIfAbsent(name, n -> resource(n + ".txt").map(t -> new Persona(n, t,
                resource(n + ".json").map(j -> config("built-in persona " + n, j)).orElse(Map.of()), true)));
    }

    private static Optional<String> resource(String file) {
        try (InputStream in = Personas.class.getResourceAsStream("/personas/" + file)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot read the built-in persona file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> config(String where, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode o) {
                return JSON.convertValue(o, LinkedHashMap.class);
            }
            LOG.warn("{} is not a JSON object: its config keys are ignored; make it an object like"
                    + " {{\"title\": \"...\"}}", where);
        } catch (JacksonException e) {
            LOG.warn("{} is not valid JSON ({}): its config keys are ignored until it is fixed", where,
                    e.getOriginalMessage());
        }
        return Map.of();
    }

    /** Names for messages: what a request may name. */
    String names() {
        List<String> n = new ArrayList<>();
        all().forEach(p -> n.add(p.name()));
        return String.join(", ", n);
    }
}
