package dev.engram.journal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Promotion of recurring detected entities: an entity detected in a facet ({@code facets/<f>/entities/<day>.jsonl})
 * on at least {@code promote_days} distinct days (default 3, as the reference's review agent) within the
 * {@code promote_window_days} days ending on the given day (default 30) is attached to the facet. Both come from
 * {@code config/journal.json} {@code "entities": {"promote_days": N, "promote_window_days": N}}.
 *
 * <p>The owner's edits always win: an entity whose name (or one of whose akas) the facet already has in
 * {@code entities.jsonl}, attached or detached, is never touched, so a detached (or dismissed) entity is never
 * re-promoted and an edited description, type or aka list is never overwritten. The check and the append are one
 * locked rewrite, so a concurrent owner edit is never lost. Idempotent: a second run for the same day promotes nothing.
 * Each promotion is logged in the facet's action log ({@code entity_promote}, actor {@code think}) and carries
 * {@code promoted_from} (the day keys it was seen on) as a custom field.
 *
 * <p>Called by think's daily run ({@link #promote(Journal, Day)}); safe from any thread.
 */
public final class EntityPromotion {
    public static final int DEFAULT_MIN_DAYS = 3;
    public static final int DEFAULT_WINDOW_DAYS = 30;
    /** The longest window (every reader is bounded). */
    public static final int MAX_WINDOW_DAYS = 366;
    public static final String ACTOR = "think";
    private static final Logger LOG = LoggerFactory.getLogger(EntityPromotion.class);

    /** Seen on at least {@code minDays} distinct days within the {@code windowDays} days ending on the run's day. */
    public record Rule(int minDays, int windowDays) {
        public Rule {
            if (minDays < 1 || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
                throw new IllegalArgumentException("promotion needs minDays >= 1 and windowDays 1.." + MAX_WINDOW_DAYS
                        + ", not " + minDays + "/" + windowDays);
            }
        }

        public static final Rule DEFAULT = new Rule(DEFAULT_MIN_DAYS, DEFAULT_WINDOW_DAYS);
    }

    /**
     * A detected entity summed up over days: its latest spelling, most frequent type (ties: the latest), latest
     * non-empty description, every aka seen, and the days (ascending) it was detected on.
     */
    public record Sighting(String name, String type, String description, List<String> aka, List<Day> days,
                           Extra extra) {
        public Sighting {
            aka = List.copyOf(aka);
            days = List.copyOf(days);
        }

        public Day lastSeen() {
            return days.getLast();
        }
    }

    /** One promoted entity. */
    public record Promoted(String facet, Entity entity, List<Day> days) {
    }

    /** What a run did: the rule used and the entities promoted, per facet in order. */
    public record Result(Day day, Rule rule, List<Promoted> promoted) {
    }

    private EntityPromotion() {
    }

    /** Promotes, in every facet, the entities that recur within the window ending on {@code day}. */
    public static Result promote(Journal journal, Day day) {
        return promote(journal, day, Clock.systemDefaultZone());
    }

    public static Result promote(Journal journal, Day day, Clock clock) {
        Rule rule = rule(journal);
        List<Promoted> out = new ArrayList<>();
        for (Facet f : journal.facets()) {
            out.addAll(promote(journal.facetStore(f.name()), day, rule, clock, ACTOR));
        }
        if (!out.isEmpty()) {
            LOG.info("entity promotion for {}: {} promoted ({})", day.key(), out.size(),
                    out.stream().map(p -> p.facet() + "/" + p.entity().name()).toList());
        }
        return new Result(day, rule, out);
    }

    /** One facet's promotions under {@code rule}, logged with {@code actor} (think, or the app the owner used). */
    public static List<Promoted> promote(FacetStore fs, Day day, Rule rule, Clock clock, String actor) {
        List<Entity> current = fs.entities();
        List<Sighting> recurring = sightings(fs, day.plusDays(1 - rule.windowDays()), day).stream()
                .filter(s -> s.days().size() >= rule.minDays()).filter(s -> !known(current, s)).toList();
        if (recurring.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        List<Promoted> promoted = new ArrayList<>();
        fs.updateEntities(list -> {
            List<Entity> next = new ArrayList<>(list);
            for (Sighting s : recurring) {
                if (known(next, s)) {
                    continue; // the owner's (or an earlier run's) entry wins, attached or detached
                }
                Entity e = new Entity(s.type(), s.name(), s.description(), s.aka(), false,
                        java.util.OptionalLong.of(now), java.util.OptionalLong.of(now),
                        s.extra().with("promoted_from", s.days().stream().map(Day::key).toList()));
                next.add(e);
                promoted.add(new Promoted(fs.name(), e, s.days()));
            }
            return promoted.isEmpty() ? list : next;
        });
        OffsetDateTime at = OffsetDateTime.now(clock);
        for (Promoted p : promoted) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("name", p.entity().name());
            params.put("type", p.entity().type());
            params.put("days", p.days().stream().map(Day::key).toList());
            fs.logByApp(actor, "entity_promote", params, at);
        }
        return promoted;
    }

    /** Whether the facet's entities.jsonl has the sighting by its name or one of its akas, attached or detached. */
    private static boolean known(List<Entity> entities, Sighting s) {
        return entities.stream().anyMatch(e -> e.knownAs(s.name()) || s.aka().stream().anyMatch(e::knownAs));
    }

    /**
     * The entities detected in the facet from {@code from} to {@code to} (inclusive), one per name (ignoring case),
     * most days first, then most recently seen, then by name.
     */
    public static List<Sighting> sightings(FacetStore fs, Day from, Day to) {
        Map<String, List<Entity>> byName = new LinkedHashMap<>();
        Map<String, Set<Day>> days = new LinkedHashMap<>();
        for (Day d : fs.detectedDays()) {
            if (d.compareTo(from) < 0 || d.compareTo(to) > 0) {
                continue;
            }
            for (Entity e : fs.detectedEntities(d)) {
                String key = e.name().strip().toLowerCase(Locale.ROOT);
                byName.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                days.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(d);
            }
        }
        List<Sighting> out = new ArrayList<>();
        byName.forEach((key, seen) -> out.add(sighting(seen, days.get(key).stream().sorted().toList())));
        out.sort(Comparator.comparingInt((Sighting s) -> -s.days().size())
                .thenComparing(Sighting::lastSeen, Comparator.reverseOrder())
                .thenComparing(s -> s.name().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** {@code seen} in day order (days ascending, file order within a day). */
    private static Sighting sighting(List<Entity> seen, List<Day> days) {
        Entity latest = seen.getLast();
        Map<String, Integer> types = new LinkedHashMap<>();
        Set<String> akas = new LinkedHashSet<>();
        String description = "";
        for (Entity e : seen) {
            types.merge(e.type(), 1, Integer::sum);
            e.aka().stream().filter(a -> !a.equalsIgnoreCase(latest.name())).forEach(akas::add);
            if (!e.description().isBlank()) {
                description = e.description().strip();
            }
        }
        int most = types.values().stream().max(Integer::compare).orElse(0);
        String type = latest.type();
        if (types.getOrDefault(type, 0) < most) {
            type = types.entrySet().stream().filter(t -> t.getValue() == most).map(Map.Entry::getKey).reduce(
                    (a, b) -> b).orElse(type);
        }
        return new Sighting(latest.name().strip(), type, description, List.copyOf(akas), days, latest.extra());
    }

    /** The rule from {@code config/journal.json} {@code entities}, the defaults for what is missing or invalid. */
    public static Rule rule(Journal journal) {
        Optional<JsonNode> conf;
        try {
            conf = journal.config().extra().get("entities").filter(JsonNode::isObject);
        } catch (JournalException e) {
            LOG.warn("entity promotion: config/journal.json cannot be read ({}); using {} days in {}", e.getMessage(),
                    DEFAULT_MIN_DAYS, DEFAULT_WINDOW_DAYS);
            return Rule.DEFAULT;
        }
        int min = setting(conf, "promote_days", DEFAULT_MIN_DAYS, 1000);
        int window = setting(conf, "promote_window_days", DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS);
        return new Rule(min, window);
    }

    private static int setting(Optional<JsonNode> conf, String name, int fallback, int max) {
        Optional<JsonNode> n = conf.map(c -> c.get(name)).filter(v -> v != null && !v.isNull());
        if (n.isEmpty()) {
            return fallback;
        }
        if (!n.get().isInt() || n.get().asInt() < 1 || n.get().asInt() > max) {
            LOG.warn("config/journal.json entities.{} must be a whole number from 1 to {}; using {}", name, max,
                    fallback);
            return fallback;
        }
        return n.get().asInt();
    }
}
