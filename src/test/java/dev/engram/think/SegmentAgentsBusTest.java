package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Message;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Day;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personas with {@code schedule: "segment"} over the REAL bus: another client's {@code observe.observed} starts
 * their cortex runs (by priority, with the segment in the request), without waiting for them, at most
 * {@code think.segment_agent_limit} at once.
 */
class SegmentAgentsBusTest {
    @TempDir
    Path dir;

    private static void persona(Path journal, String name, String json) throws java.io.IOException {
        Path personas = journal.resolve("personas");
        Files.createDirectories(personas);
        Files.writeString(personas.resolve(name + ".json"), json);
        Files.writeString(personas.resolve(name + ".txt"), "Look at the segment for " + name + ".");
    }

    @Test
    void observedOnTheBusStartsTheSegmentPersonasBoundedAndWithoutWaitingForThem() throws Exception {
        Day day = ThinkTest.D4;
        ServiceRegistry registry = new ServiceRegistry();
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T15:00:00Z"), true);
             ThinkBus bus = new ThinkBus(kit.journal, registry, Set.of("think", "cortex"))) {
            kit.markDone(ThinkTest.D3);
            kit.record(day, "bravo");
            kit.record(day, "150000_300", "charlie");
            persona(kit.journal.root(), "watcher", "{\"title\":\"Watcher\",\"schedule\":\"segment\",\"priority\":10}");
            persona(kit.journal.root(), "sweeper", "{\"title\":\"Sweeper\",\"schedule\":\"segment\",\"priority\":5}");
            registry.register(Providers.class, kit.providers());
            Runs runs = new Runs(bus.context, 8, kit.clock);
            registry.register(Agents.class, runs);
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), bus.events(),
                    kit.clock, () -> registry.find(Agents.class));
            List<Message> seen = bus.seen;
            try {
                runs.start();
                think.start();
                bus.dispatchTo(think, kit.clock);

                bus.send(Message.of("observe", "observed", Map.of("day", day.key(), "segment", ThinkKit.SEGMENT,
                        "duration", 300)));

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs.list(day.date()).size() == 2
                        && runs.list(day.date()).stream().allMatch(r -> r.state() != AgentRun.RunState.RUNNING));
                List<AgentRun> started = runs.list(day.date()).stream().sorted(Comparator.comparing(AgentRun::id))
                        .toList();
                assertThat(started).extracting(AgentRun::persona).containsExactly("sweeper", "watcher");
                assertThat(started).extracting(AgentRun::state).containsOnly(AgentRun.RunState.FINISHED);
                assertThat(started.getFirst().prompt()).isEqualTo("Processing segment " + ThinkKit.SEGMENT + " from "
                        + day.key() + ". Use available tools to analyze this specific recording window.");
                RunEvent request = runs.events(started.getFirst().id()).getFirst();
                assertThat(request.fields().get("env")).isEqualTo(Map.of("SEGMENT_KEY", ThinkKit.SEGMENT,
                        "DAY", day.key()));
                // the bus delivers asynchronously: the run files can be final before their events have arrived
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(m ->
                        m.tract().equals("cortex") && m.event().equals("finish")));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(m ->
                        m.event().equals("segment_done")));
                assertThat(seen).anyMatch(m -> m.event().equals("segment_agents")
                        && m.json().get("runs").size() == 2);
                assertThat(kit.journal.days().taskLog(day)).anyMatch(l -> l.contains("\tthink-segment-agents "
                        + ThinkKit.SEGMENT + " 2 run(s) started"));

                // one run at a time, and a slow one: the next segment starts the first persona, names the other,
                // and the think app hands on at once (the run is still going when think says what it started)
                kit.setThink("{\"segment_agent_limit\": 1}");
                kit.agentAnswer.set(body -> OpenAiWire.text(10, 5, "Slow.").newBuilder()
                        .headersDelay(1500, TimeUnit.MILLISECONDS).build());
                bus.send(Message.of("observe", "observed", Map.of("day", day.key(), "segment", "150000_300")));

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(m ->
                        m.event().equals("segment_agents") && m.json().get("segment").asString().equals("150000_300")));
                Message limited = seen.stream().filter(m -> m.event().equals("segment_agents")
                        && m.json().get("segment").asString().equals("150000_300")).findFirst().orElseThrow();
                assertThat(limited.json().get("runs").size()).isEqualTo(1);
                String slow = limited.json().get("runs").get(0).asString();
                assertThat(runs.find(slow).orElseThrow().state()).isEqualTo(AgentRun.RunState.RUNNING);
                assertThat(runs.find(slow).orElseThrow().persona()).isEqualTo("sweeper");
                assertThat(limited.json().get("problems").get(0).asString()).startsWith("watcher not run");
                assertThat(think.health().facts()).containsEntry("segment_agents_skipped", 1L);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs.settled(slow));
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> think.health().facts()
                        .get("segment_agents_running").equals(0));
            } finally {
                think.stop();
                runs.stop();
            }
        }
    }
}
