package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Facet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily scheduled agents after a dream: real cortex runs against the local OpenAI-compatible server. */
class ThinkAgentsTest {
    @TempDir
    Path dir;

    @Test
    void scheduledAgentsRunByPriorityGroupOneAfterAnotherAndPerActiveFacet() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(ThinkTest.D3, "three");
            kit.markDone(ThinkTest.D2);
            kit.journal.facetStore("home").create(Facet.named("home")); // no events: not active
            Path personas = kit.journal.root().resolve("personas");
            Files.createDirectories(personas);
            Files.writeString(personas.resolve("first.json"), "{\"title\":\"First\",\"schedule\":\"daily\","
                    + "\"priority\":5}");
            Files.writeString(personas.resolve("first.txt"), "Say hello.");
            Files.writeString(personas.resolve("late.json"), "{\"title\":\"Late\",\"schedule\":\"daily\","
                    + "\"priority\":40,\"multi_facet\":true}");
            Files.writeString(personas.resolve("late.txt"), "Look at the facet.");
            ServiceRegistry registry = new ServiceRegistry();
            registry.register(Providers.class, kit.providers());
            Runs runs = new Runs(AppContext.of(kit.journal, Emitter.none(), registry), 8, kit.clock);
            registry.register(Agents.class, runs);
            runs.start();
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock, () -> registry.find(Agents.class));
            try {
                think.dream(ThinkTest.D3, false);

                List<AgentRun> started = runs.days().stream().flatMap(d -> runs.list(d).stream())
                        .sorted(java.util.Comparator.comparing(AgentRun::startedMs).thenComparing(AgentRun::id))
                        .toList();
                assertThat(started).extracting(AgentRun::persona)
                        .containsExactly("first", "daily_news", "todos", "entities", "late");
                assertThat(started).allMatch(r -> r.state() != AgentRun.RunState.RUNNING);
                for (int i = 1; i < started.size(); i++) { // each group starts once the one before ended
                    assertThat(started.get(i).startedMs()).isGreaterThanOrEqualTo(
                            started.get(i - 1).endedMs().orElseThrow());
                }
                assertThat(started.get(2).prompt()).startsWith("Processing facet 'work' for yesterday (2026-11-28):"
                        + " Light activity: 1 segment(s), ~5 minutes");
                assertThat(started.get(0).prompt()).isEqualTo("Running daily scheduled task. Yesterday"
                        + " (2026-11-28): Light activity: 1 segment(s), ~5 minutes.");
                assertThat(kit.emitted).contains("agents_done " + ThinkTest.D3.key());
                assertThat(kit.journal.days().taskLog(ThinkTest.D3)).anyMatch(l -> l.contains(
                        "\tthink-agents 5 run(s) started"));
            } finally {
                runs.stop();
            }
        }
    }
    static void persona(Path personas, String name, String json) throws java.io.IOException {
        Files.createDirectories(personas);
        Files.writeString(personas.resolve(name + ".json"), json);
        Files.writeString(personas.resolve(name + ".txt"), "Do the " + name + " work.");
    }

    static List<AgentRun> runsInOrder(Runs runs) {
        return runs.days().stream().flatMap(d -> runs.list(d).stream())
                .sorted(java.util.Comparator.comparing(AgentRun::startedMs).thenComparing(AgentRun::id)).toList();
    }

    @Test
    void onADayWithoutActivityOnlyTheAlwaysAgentsRunOnceAndAnAlwaysMultiFacetOneForEveryFacet() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.markDone(ThinkTest.D2); // yesterday (D3) has no recordings, not even a folder
            kit.journal.facetStore("home").create(Facet.named("home"));
            kit.journal.facetStore("old").create(Facet.named("old").withMuted(true));
            Path personas = kit.journal.root().resolve("personas");
            persona(personas, "plain", "{\"schedule\":\"daily\",\"priority\":5}");
            persona(personas, "steady", "{\"schedule\":\"daily\",\"priority\":6,\"always\":true}");
            persona(personas, "everywhere", "{\"schedule\":\"daily\",\"priority\":30,\"multi_facet\":true,"
                    + "\"always\":true}");
            ServiceRegistry registry = new ServiceRegistry();
            registry.register(Providers.class, kit.providers());
            Runs runs = new Runs(AppContext.of(kit.journal, Emitter.none(), registry), 8, kit.clock);
            registry.register(Agents.class, runs);
            runs.start();
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock, () -> registry.find(Agents.class));
            try {
                assertThat(think.pending(ThinkTest.D4.date())).containsExactly(ThinkTest.D3);
                think.catchUp();

                List<AgentRun> started = runsInOrder(runs);
                assertThat(started).extracting(AgentRun::persona).containsExactly("steady", "everywhere",
                        "everywhere");
                assertThat(started.subList(1, 3)).extracting(AgentRun::prompt).containsExactlyInAnyOrder(
                        "Processing facet 'home' for yesterday (2026-11-28): No recordings. Use get_facet('home') to"
                                + " load context.", "Processing facet 'work' for yesterday (2026-11-28): No"
                                + " recordings. Use get_facet('work') to load context."); // every non-muted facet
                assertThat(started.getFirst().prompt()).isEqualTo("Running daily scheduled task. Yesterday"
                        + " (2026-11-28): No recordings.");
                List<String> log = kit.journal.days().taskLog(ThinkTest.D3);
                assertThat(log).anyMatch(l -> l.contains("\tthink-agents 3 run(s) started, no activity: plain,"
                        + " daily_news, todos, entities not run"));
                assertThat(log).anyMatch(l -> l.contains("\t" + ThinkService.DONE));
                assertThat(Files.exists(kit.journal.root().resolve(ThinkTest.D3.key()).resolve("insights")))
                        .isFalse(); // no recordings: no daily insight asked for

                think.catchUp(); // a restart later that day: nothing runs twice
                assertThat(runsInOrder(runs)).hasSize(3);
                assertThat(think.pending(ThinkTest.D4.date())).isEmpty();
            } finally {
                runs.stop();
            }
        }
    }

    @Test
    void withoutAnAlwaysAgentAnEmptyYesterdayIsNotDreamt() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.markDone(ThinkTest.D2);
            ServiceRegistry registry = new ServiceRegistry();
            registry.register(Providers.class, kit.providers());
            Runs runs = new Runs(AppContext.of(kit.journal, Emitter.none(), registry), 8, kit.clock);
            registry.register(Agents.class, runs);
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock, () -> registry.find(Agents.class));
            assertThat(think.pending(ThinkTest.D4.date())).isEmpty();
            think.catchUp();
            assertThat(Files.exists(kit.journal.root().resolve(ThinkTest.D3.key()))).isFalse();
            assertThat(kit.server.getRequestCount()).isZero();
        }
    }
}
