package dev.engram.think;

import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.PersonaInfo;
import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment scheduled agents (spec §7 "After a segment is observed"): on {@code observe.observed}, every persona
 * with {@code schedule: "segment"} is started through {@link Agents} (by {@code priority}, then name) with the
 * reference's prompt {@code Processing segment <seg> from <day>. Use available tools to analyze this specific
 * recording window.} and {@code env: {SEGMENT_KEY, DAY}} in the request (so the run's log says which segment it is
 * about). Starting a run only claims its file and returns (the run goes on cortex's threads), so this never waits for
 * a run. <b>Bounded:</b> at most {@code limit} of these runs at once; a persona over the limit is not run for that
 * segment, counted ({@link #skipped()}), warned about and named in the task log. A refused run is reported, never
 * fatal. Each segment that started or skipped something adds {@code think-segment-agents ...} to the day's task log
 * and {@code think.segment_agents} {day, segment, runs, problems} on the bus. Thread-safe.
 */
final class SegmentAgents {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAgents.class);
    static final int DEFAULT_LIMIT = 4;

    private final Supplier<Optional<Agents>> agents;
    private final ThinkRunner runner;
    private final ThinkEvents events;
    private final IntSupplier limit;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();

    SegmentAgents(Supplier<Optional<Agents>> agents, ThinkRunner runner, ThinkEvents events, IntSupplier limit) {
        this.agents = agents;
        this.runner = runner;
        this.events = events;
        this.limit = limit;
    }

    /** Starts the segment personas' runs for one observed segment; returns their ids. */
    List<String> observed(Day day, SegmentKey segment) {
        Optional<Agents> a = agents.get();
        if (a.isEmpty()) {
            return List.of();
        }
        List<PersonaInfo> personas = a.get().personas().stream()
                .filter(p -> p.schedule().filter("segment"::equals).isPresent())
                .sorted(Comparator.comparingInt(PersonaInfo::priority).thenComparing(PersonaInfo::name)).toList();
        if (personas.isEmpty()) {
            return List.of();
        }
        List<String> started = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int max = limit.getAsInt();
        for (PersonaInfo p : personas) {
            if (running.incrementAndGet() > max) {
                running.decrementAndGet();
                long n = skipped.incrementAndGet();
                problems.add(p.name() + " not run: " + max + " segment agent run(s) still running"
                        + " (think.segment_agent_limit)");
                LOG.warn("think: segment agent {} not run for {}/{}: {} segment agent run(s) still running ({} skipped"
                        + " so far; think.segment_agent_limit sets the limit)", p.name(), day.key(), segment.key(),
                        max, n);
                continue;
            }
            AgentRequest request = AgentRequest.of("Processing segment " + segment.key() + " from " + day.key()
                    + ". Use available tools to analyze this specific recording window.", p.name())
                    .withConfig("env", Map.of("SEGMENT_KEY", segment.key(), "DAY", day.key()));
            AtomicBoolean ended = new AtomicBoolean();
            try {
                started.add(a.get().start(request, e -> {
                    if ((e.event().equals("finish") || e.event().equals("error")) && ended.compareAndSet(false, true)) {
                        running.decrementAndGet();
                    }
                }));
            } catch (AgentException e) {
                if (ended.compareAndSet(false, true)) {
                    running.decrementAndGet();
                }
                problems.add(p.name() + " refused: " + e.getMessage());
                LOG.warn("think: segment agent {} for {}/{} refused: {}", p.name(), day.key(), segment.key(),
                        e.getMessage());
            }
        }
        runner.log(day, "think-segment-agents " + segment.key() + " " + started.size() + " run(s) started"
                + (problems.isEmpty() ? "" : ", " + String.join("; ", problems)));
        events.emit("segment_agents", Map.of("day", day.key(), "segment", segment.key(), "runs", started,
                "problems", problems));
        return started;
    }

    /** Segment agent runs going on now. */
    int running() {
        return running.get();
    }

    /** Segment agent runs not started because of the limit, since start. */
    long skipped() {
        return skipped.get();
    }
}
