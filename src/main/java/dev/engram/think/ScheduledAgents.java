package dev.engram.think;

import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.PersonaInfo;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily scheduled agents (spec §7 "Scheduled agents"): personas with {@code schedule: "daily"}, grouped by
 * {@code priority} (ascending), groups run one after the other; a group is over when all its runs ended, or after
 * the group timeout (a warning, and the next group starts). A {@code multi_facet} persona runs once per non-muted
 * facet active on the day (with events filed for it), or every non-muted facet when {@code always}; the others once.
 * On a day without activity (no segment) only the {@code always} personas run; the others are named as not run.
 * Runs go through {@link Agents}, so they are ordinary cortex runs ({@code agents/<id>.jsonl}, {@code cortex.*} events). A refused run is reported, never fatal.
 */
final class ScheduledAgents {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledAgents.class);

    /** What the agents did: run ids in start order, and what went wrong. */
    record Outcome(List<String> started, List<String> problems) {
    }

    private final Journal journal;
    private final Agents agents;
    private final Duration groupTimeout;

    ScheduledAgents(Journal journal, Agents agents, Duration groupTimeout) {
        this.journal = journal;
        this.agents = agents;
        this.groupTimeout = groupTimeout;
    }

    Outcome run(Day day) {
        Map<Integer, List<PersonaInfo>> groups = new TreeMap<>();
        agents.personas().stream().filter(p -> p.schedule().filter("daily"::equals).isPresent())
                .forEach(p -> groups.computeIfAbsent(p.priority(), k -> new ArrayList<>()).add(p));
        List<Segment> segments = journal.days().segments(day);
        String summary = summary(segments);
        List<String> facets = journal.facets().stream().filter(f -> !f.muted()).map(Facet::name).toList();
        List<String> active = facets.stream().filter(f -> !journal.facetStore(f).events(day).isEmpty()).toList();
        List<String> started = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        for (var group : groups.entrySet()) {
            List<AgentRequest> requests = new ArrayList<>();
            for (PersonaInfo p : group.getValue()) {
                if (segments.isEmpty() && !p.always()) {
                    idle.add(p.name()); // a day without activity: only the `always` agents run
                } else if (p.multiFacet()) {
                    (p.always() ? facets : active).forEach(f -> requests.add(AgentRequest.of("Processing facet '" + f + "' for yesterday ("
                            + day.iso() + "): " + summary + ". Use get_facet('" + f + "') to load context.",
                            p.name()).withFacet(f)));
                } else {
                    requests.add(AgentRequest.of("Running daily scheduled task. Yesterday (" + day.iso() + "): "
                            + summary + ".", p.name()));
                }
            }
            CountDownLatch ended = new CountDownLatch(requests.size());
            for (AgentRequest r : requests) {
                try {
                    started.add(agents.start(r, e -> {
                        if (e.event().equals("finish") || e.event().equals("error")) {
                            ended.countDown();
                        }
                    }));
                } catch (AgentException e) {
                    ended.countDown();
                    problems.add("agent " + r.persona() + r.facet().map(f -> " (" + f + ")").orElse("")
                            + " refused: " + e.getMessage());
                }
            }
            try {
                if (!ended.await(groupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    String why = "priority group " + group.getKey() + " still running after " + groupTimeout.toSeconds()
                            + " s; the next group starts";
                    LOG.warn("think: {}", why);
                    problems.add(why);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted");
                break;
            }
        }
        if (!idle.isEmpty()) {
            LOG.info("think: {} had no activity: scheduled agent(s) {} not run (only those with always: true run)",
                    day.key(), idle);
            problems.add("no activity: " + String.join(", ", idle) + " not run");
        }
        return new Outcome(started, problems);
    }

    /** Whether some daily persona runs even on a day without activity. */
    static boolean anyAlways(Agents agents) {
        return agents.personas().stream().anyMatch(p -> p.always() && p.schedule().filter("daily"::equals)
                .isPresent());
    }

    /** The reference's input summary: "No recordings", "Light activity: ...", or "N segments, ~X.X hours". */
    static String summary(List<Segment> segments) {
        if (segments.isEmpty()) {
            return "No recordings";
        }
        long seconds = segments.stream().mapToLong(s -> Math.max(0, s.key().lengthSeconds())).sum();
        if (segments.size() < 5 || seconds < 30 * 60) {
            return "Light activity: " + segments.size() + " segment(s), ~" + Math.round(seconds / 60.0) + " minutes";
        }
        return segments.size() + " segments, ~" + String.format(Locale.ROOT, "%.1f", seconds / 3600.0) + " hours";
    }
}
