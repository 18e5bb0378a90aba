package dev.engram.think;

import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The occurrence (or anticipation) extraction's answer, a JSON array of events, filed per facet in
 * {@code facets/<f>/events/<day>.jsonl}: occurrences under the capture day, anticipations under their {@code date}
 * (the capture day when it is missing or malformed). An event naming no known facet goes to the only facet when
 * there is one, else it is skipped and counted. <b>Re-runs replace:</b> the events an earlier run of the same insight
 * (same {@code source}) filed are replaced, never duplicated.
 */
final class Occurrences {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** What was filed: events written and events skipped (with why). */
    record Filed(int written, List<String> skipped) {
    }

    private Occurrences() {
    }

    /** Parses the model's answer (a JSON array, possibly inside prose or a code fence); throws when there is none. */
    static List<JsonNode> parse(String answer) {
        int open = answer.indexOf('[');
        int close = answer.lastIndexOf(']');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("the extraction answer holds no JSON array");
        }
        try {
            JsonNode arr = JSON.readTree(answer.substring(open, close + 1));
            List<JsonNode> out = new ArrayList<>();
            arr.forEach(e -> {
                if (e.isObject()) {
                    out.add(e);
                }
            });
            return out;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the extraction answer is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static Filed file(Journal journal, Day day, String topic, String source, boolean anticipations,
                      List<JsonNode> events) {
        List<Facet> facets = journal.facets();
        Map<String, Map<Day, List<FacetEvent>>> byFacet = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode e : events) {
            String title = text(e, "title").orElse("");
            if (title.isBlank()) {
                skipped.add("an event without a title");
                continue;
            }
            Optional<String> named = text(e, "facet");
            Optional<Facet> facet = named.flatMap(n -> facets.stream().filter(f -> f.name().equals(n)).findFirst());
            if (facet.isEmpty() && facets.size() == 1) {
                facet = Optional.of(facets.getFirst());
            }
            if (facet.isEmpty()) {
                skipped.add("'" + title + "': no facet " + named.map(n -> "named '" + n + "'").orElse("given"));
                continue;
            }
            Optional<String> date = text(e, "date").filter(d -> DATE.matcher(d).matches());
            Day fileDay = anticipations ? date.flatMap(d -> Day.tryParse(d.replace("-", ""))).orElse(day) : day;
            List<String> participants = new ArrayList<>();
            e.path("participants").forEach(p -> {
                if (p.isString()) {
                    participants.add(p.stringValue());
                }
            });
            FacetEvent ev = new FacetEvent(text(e, "type").orElse("other"), time(e, "start"), time(e, "end"),
                    anticipations ? Optional.of(date.orElse(day.iso())) : Optional.empty(), title,
                    text(e, "summary").orElse(""), Optional.of(facet.get().name()), topic, !anticipations, source,
                    e.path("work").asBoolean(false), participants, text(e, "details").orElse(""), Extra.empty());
            byFacet.computeIfAbsent(facet.get().name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(fileDay, k -> new ArrayList<>()).add(ev);
        }
        int written = 0;
        for (Facet f : facets) {
            FacetStore store = journal.facetStore(f.name());
            Map<Day, List<FacetEvent>> mine = byFacet.getOrDefault(f.name(), Map.of());
            // where earlier runs of this insight may have filed events: the capture day, and for anticipations
            // any day (they go under their own date)
            Set<Day> days = new TreeSet<>(mine.keySet());
            days.add(day);
            if (anticipations) {
                days.addAll(store.eventDays());
            }
            for (Day d : days) {
                List<FacetEvent> now = mine.getOrDefault(d, List.of());
                if (!now.isEmpty() || store.events(d).stream().anyMatch(e -> e.source().equals(source))) {
                    store.replaceEvents(d, source, now);
                    written += now.size();
                }
            }
        }
        return new Filed(written, skipped);
    }

    private static Optional<String> time(JsonNode e, String field) {
        return text(e, field).filter(t -> TIME.matcher(t).matches()).map(t -> t.length() == 5 ? t + ":00" : t);
    }

    private static Optional<String> text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n != null && n.isString() && !n.stringValue().isBlank() ? Optional.of(n.stringValue().strip())
                : Optional.empty();
    }
}
