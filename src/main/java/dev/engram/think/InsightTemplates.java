package dev.engram.think;

import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The insight templates: Engram's built-in set (resources {@code dev/engram/think/insights/}) with the owner's own
 * under {@code <journal>/insights/} added or overriding by name ({@code <name>.json} plus {@code <name>.txt}; a
 * {@code .json} alone overrides only the metadata). A broken file is a named warning and is skipped.
 */
final class InsightTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(InsightTemplates.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BUILT_IN = "/dev/engram/think/insights/";
    private static final long MAX_FILE = 256 * 1024;

    private final Map<String, InsightTemplate> all;
    private final String occurrencePrompt;
    private final String anticipationPrompt;
    private final List<String> warnings;

    private InsightTemplates(Map<String, InsightTemplate> all, String occurrence, String anticipation,
                             List<String> warnings) {
        this.all = all;
        this.occurrencePrompt = occurrence;
        this.anticipationPrompt = anticipation;
        this.warnings = List.copyOf(warnings);
    }

    static InsightTemplates load(Journal journal) {
        Map<String, InsightTemplate> all = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String name : resource("index.txt").orElseThrow().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList()) {
            String meta = resource(name + ".json").orElseThrow();
            String prompt = resource(name + ".txt").orElseThrow();
            all.put(name, parse(name, meta, prompt, "built-in", null));
        }
        Path dir = journal.root().resolve("insights");
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : files) {
                    String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                    try {
                        String meta = read(f);
                        Path txt = dir.resolve(name + ".txt");
                        InsightTemplate base = all.get(name);
                        String prompt = Files.exists(txt, LinkOption.NOFOLLOW_LINKS) ? read(txt)
                                : base != null ? base.prompt() : null;
                        if (prompt == null) {
                            throw new IOException("no " + name + ".txt prompt beside it");
                        }
                        all.put(name, parse(name, meta, prompt, "insights/" + name + ".json", base));
                    } catch (IOException | RuntimeException e) {
                        String w = "insights/" + f.getFileName() + " skipped: " + e.getMessage();
                        warnings.add(w);
                        LOG.warn(w);
                    }
                }
            } catch (IOException e) {
                warnings.add("insights/ cannot be read: " + e.getMessage());
                LOG.warn("insights/ cannot be read: {}", e.getMessage());
            }
        }
        return new InsightTemplates(all, resource("occurrence.txt").orElseThrow(),
                resource("anticipation.txt").orElseThrow(), warnings);
    }

    Collection<InsightTemplate> all() {
        return all.values();
    }

    Optional<InsightTemplate> get(String name) {
        return Optional.ofNullable(all.get(name));
    }

    List<InsightTemplate> enabled(String frequency) {
        return all.values().stream().filter(t -> !t.disabled() && frequency.equals(t.frequency())).toList();
    }

    String extractionPrompt(boolean anticipations) {
        return anticipations ? anticipationPrompt : occurrencePrompt;
    }

    List<String> warnings() {
        return warnings;
    }

    private static InsightTemplate parse(String name, String metaJson, String prompt, String origin,
                                         InsightTemplate base) {
        JsonNode m = JSON.readTree(metaJson);
        if (!m.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String frequency = text(m, "frequency").orElse(base != null ? base.frequency() : "daily");
        if (!frequency.equals("segment") && !frequency.equals("daily")) {
            throw new IllegalArgumentException("frequency must be \"segment\" or \"daily\", got \"" + frequency
                    + "\"");
        }
        JsonNode occ = m.get("occurrences");
        Optional<String> occurrences = occ == null ? (base != null ? base.occurrences() : Optional.of(""))
                : occ.isBoolean() ? (occ.asBoolean() ? Optional.of("") : Optional.empty())
                : Optional.of(occ.asString());
        return new InsightTemplate(name, text(m, "title").orElse(base != null ? base.title() : name),
                text(m, "description").orElse(base != null ? base.description() : ""), frequency, occurrences,
                m.path("anticipations").asBoolean(base != null && base.anticipations()),
                m.path("disabled").asBoolean(false), text(m, "color").orElse(base != null ? base.color() : ""),
                prompt, origin);
    }

    private static Optional<String> text(JsonNode m, String field) {
        JsonNode n = m.get(field);
        return n != null && n.isString() ? Optional.of(n.stringValue()) : Optional.empty();
    }

    private static String read(Path f) throws IOException {
        if (Files.isSymbolicLink(f)) {
            throw new IOException("a symbolic link (not followed)");
        }
        if (Files.size(f) > MAX_FILE) {
            throw new IOException("larger than " + MAX_FILE / 1024 + " KB");
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = InsightTemplates.class.getResourceAsStream(BUILT_IN + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
