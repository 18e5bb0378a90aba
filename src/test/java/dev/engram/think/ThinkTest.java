package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.AppContext;
import dev.engram.app.EventContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.app.TaskScheduler;
import dev.engram.apps.calendar.CalendarApp;
import dev.engram.apps.support.Checks;
import dev.engram.apps.support.JournalServer;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.SegmentKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The think pipeline against a local OpenAI-compatible server returning canned insights and extractions. */
class ThinkTest {
    static final Day D1 = Day.parse("20261126");
    static final Day D2 = Day.parse("20261127");
    static final Day D3 = Day.parse("20261128");
    static final Day D4 = Day.parse("20261129");

    @TempDir
    Path dir;

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).count();
    }

    @Test
    void anObservedSegmentGetsItsInsightsAndItsEventsFiled() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T15:00:00Z"), true)) {
            kit.record(D4, "alpha");
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            think.start();
            try {
                new ThinkApp(think, kit.clock).observed(new EventContext(Message.of("observe", "observed",
                        Map.of("day", D4.key(), "segment", ThinkKit.SEGMENT, "duration", 300)), "think", "observe",
                        "observed", null));

                Path seg = kit.journal.root().resolve(D4.key()).resolve(ThinkKit.SEGMENT);
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> kit.emitted.stream()
                        .anyMatch(e -> e.startsWith("segment_done")));
                for (String topic : List.of("activity", "screen", "speakers")) {
                    assertThat(Files.readString(seg.resolve(topic + ".md"))).contains("Ana worked on the launch");
                }
                List<FacetEvent> events = kit.journal.facetStore("work").events(D4);
                assertThat(events).singleElement().satisfies(e -> {
                    assertThat(e.title()).isEqualTo("Launch sync");
                    assertThat(e.topic()).isEqualTo("speakers");
                    assertThat(e.source()).isEqualTo(D4.key() + "/" + ThinkKit.SEGMENT + "/speakers.md");
                    assertThat(e.occurred()).isTrue();
                    assertThat(e.start()).contains("14:30:05");
                    assertThat(e.participants()).containsExactly("Ana", "Rui");
                });
                List<String> log = kit.journal.days().taskLog(D4);
                assertThat(count(log, "\tinsight " + D4.key() + "/" + ThinkKit.SEGMENT + "/")).isEqualTo(3);
                assertThat(log).allMatch(l -> l.matches("\\d+(\\.\\d+)?\t.*"));
                assertThat(kit.emitted).contains("insight " + D4.key() + " speakers");
                // the material went to the model: the transcript and the screen, with clock times
                assertThat(kit.server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8())
                        .contains("14:30:05").contains("Let's sync on the launch alpha").contains("Editor with the");
            } finally {
                think.stop();
            }
        }
    }

    @Test
    void theDreamPromotesEntitiesDetectedOnThreeDaysAndSaysSo() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D3, "three");
            var work = kit.journal.facetStore("work");
            for (Day d : List.of(D1, D2, D3)) {
                work.addDetected(d, List.of(dev.engram.journal.Entity.of("Project", "Pelican", "the bird project")));
            }
            work.addDetected(D3, List.of(dev.engram.journal.Entity.of("Person", "Once", "seen one day only")));
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);

            think.dream(D3, false);

            assertThat(work.attachedEntities()).extracting(dev.engram.journal.Entity::name).containsExactly("Pelican");
            assertThat(kit.journal.days().taskLog(D3)).anyMatch(l -> l.contains("\tthink-promote 1 entity promoted"));
        }
    }

    @Test
    void missedDaysAreDreamtAtStartOldestFirstExactlyOnce() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            for (Day d : List.of(D1, D2, D3)) {
                kit.record(d, d.key());
            }
            kit.markDone(D1);
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            assertThat(think.pending(D4.date())).containsExactly(D2, D3);

            think.start();
            try {
                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> count(kit.emitted, "daily_done") == 2);
                assertThat(kit.emitted.stream().filter(e -> e.startsWith("daily_start")).toList())
                        .containsExactly("daily_start " + D2.key(), "daily_start " + D3.key());
                for (Day d : List.of(D2, D3)) {
                    Path insights = kit.journal.root().resolve(d.key()).resolve("insights");
                    assertThat(Files.readString(insights.resolve("flow.md"))).contains("Ana worked");
                    assertThat(Files.exists(insights.resolve("timeline.md"))).isTrue();
                    assertThat(count(kit.journal.days().taskLog(d), "\t" + ThinkService.DONE)).isEqualTo(1);
                }
                assertThat(Files.exists(kit.journal.root().resolve(D1.key()).resolve("insights"))).isFalse();
                // the schedule insight's anticipation is filed under its date, flagged as not yet occurred
                assertThat(kit.journal.facetStore("work").events(Day.parse("20261203")))
                        .extracting(FacetEvent::title, FacetEvent::occurred).contains(
                                org.assertj.core.groups.Tuple.tuple("Dentist", false));
                int requests = kit.server.getRequestCount();

                think.catchUp(); // again: nothing left to do, nothing asked
                assertThat(kit.server.getRequestCount()).isEqualTo(requests);
                assertThat(think.pending(D4.date())).isEmpty();
            } finally {
                think.stop();
            }
        }
    }

    /**
     * Midnight as it happens: the clock moves past the daily time, the real scheduler fires, and yesterday gets its
     * daily insights, its anticipations (in the Calendar app's view JSON over real HTTP) and its scheduled agents
     * (real cortex runs) in priority order, once.
     */
    @Test
    void aSimulatedMidnightDreamsYesterdayOnceWithAnticipationsInTheCalendarAndAgentsInPriorityOrder()
            throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-28T23:58:00Z"), true)) {
            kit.record(D2, "two");
            kit.markDone(D2);
            kit.record(D3, "three");
            kit.setThink("{\"daily_time\": \"00:05\"}");
            Path personas = kit.journal.root().resolve("personas");
            ThinkAgentsTest.persona(personas, "late", "{\"schedule\":\"daily\",\"priority\":40}");
            ThinkAgentsTest.persona(personas, "first", "{\"schedule\":\"daily\",\"priority\":5}");
            ServiceRegistry registry = new ServiceRegistry();
            registry.register(Providers.class, kit.providers());
            Runs runs = new Runs(AppContext.of(kit.journal, Emitter.none(), registry), 8, kit.clock);
            registry.register(Agents.class, runs);
            runs.start();
            TaskScheduler scheduler = new TaskScheduler(kit.clock, dir.resolve("scheduler.json"),
                    Duration.ofMillis(10));
            scheduler.start();
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.of(scheduler), kit.events(),
                    kit.clock, () -> registry.find(Agents.class));
            think.start();
            try {
                Path flow = kit.journal.root().resolve(D3.key()).resolve("insights").resolve("flow.md");
                Awaitility.await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                        .until(() -> !Files.exists(flow));
                assertThat(kit.server.getRequestCount()).isZero();

                kit.clock.set(Instant.parse("2026-11-29T00:06:00Z")); // past midnight and the daily time

                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> count(kit.emitted, "daily_done") == 1);
                assertThat(Files.readString(flow)).contains("Ana worked");
                assertThat(kit.emitted).contains("daily_start " + D3.key(), "agents_done " + D3.key());
                // the scheduled agents: one priority group after another
                List<AgentRun> started = ThinkAgentsTest.runsInOrder(runs);
                assertThat(started).extracting(AgentRun::persona)
                        .containsExactly("first", "daily_news", "todos", "entities", "late");
                for (int i = 1; i < started.size(); i++) {
                    assertThat(started.get(i).startedMs()).isGreaterThanOrEqualTo(
                            started.get(i - 1).endedMs().orElseThrow());
                }
                // the schedule insight's anticipation, as the Calendar app shows it
                try (JournalServer convey = new JournalServer(kit.journal, new ServiceRegistry(),
                        List.of(new CalendarApp(kit.clock)))) {
                    JsonNode view = Checks.ok(convey.client().get("/app/calendar/api/events?from=" + D3.key()
                            + "&to=20261205"));
                    JsonNode dentist = view.path("events").valueStream().filter(e -> e.path("title").asString()
                            .equals("Dentist")).findFirst().orElseThrow(() -> new AssertionError(view.toString()));
                    assertThat(dentist.path("day").asString()).isEqualTo("20261203");
                    assertThat(dentist.path("anticipated").asBoolean()).isTrue();
                    assertThat(dentist.path("facet").asString()).isEqualTo("work");
                }
                int requests = kit.server.getRequestCount();
                kit.clock.set(Instant.parse("2026-11-29T12:00:00Z"));
                Awaitility.await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                        .until(() -> kit.server.getRequestCount() == requests);
                assertThat(count(kit.journal.days().taskLog(D3), "\t" + ThinkService.DONE)).isEqualTo(1);
                assertThat(ThinkAgentsTest.runsInOrder(runs)).hasSize(5);
            } finally {
                think.stop();
                scheduler.stop();
                runs.stop();
            }
        }
    }

    @Test
    void rerunningChangesNothingUnlessForced() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D3, "three");
            var providers = kit.providers();
            List<String> first = ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(),
                    Optional.of("flow"), false);
            assertThat(first.getFirst()).startsWith("1 insight(s) written");
            int requests = kit.server.getRequestCount();
            int events = kit.journal.facetStore("work").events(D3).size();

            List<String> again = ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(),
                    Optional.of("flow"), false);

            assertThat(again.getFirst()).startsWith("0 insight(s) written, 1 kept");
            assertThat(kit.server.getRequestCount()).isEqualTo(requests);
            assertThat(kit.journal.facetStore("work").events(D3)).hasSize(events);

            List<String> forced = ThinkService.runByHand(kit.journal, providers, kit.clock, D3,
                    Optional.of(SegmentKey.parse(ThinkKit.SEGMENT)), Optional.of("activity"), true);
            assertThat(forced.getFirst()).startsWith("1 insight(s) written");
            assertThat(kit.server.getRequestCount()).isGreaterThan(requests);
        }
    }

    @Test
    void aForcedRerunReplacesThatInsightsEventsInsteadOfAppendingThem() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D3, "three");
            var providers = kit.providers();
            var work = kit.journal.facetStore("work");
            Day dentist = Day.parse("20261203");
            for (String topic : List.of("flow", "meetings", "schedule")) {
                ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(), Optional.of(topic),
                        false);
            }
            Path file = kit.journal.root().resolve("facets/work/events/" + D3.key() + ".jsonl");
            Files.writeString(file, "not json, the owner's note\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(work.events(D3)).extracting(FacetEvent::topic).containsExactly("flow", "meetings");
            assertThat(work.events(dentist)).hasSize(1);

            for (int i = 0; i < 2; i++) {
                for (String topic : List.of("flow", "schedule")) {
                    assertThat(ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(),
                            Optional.of(topic), true).getFirst()).startsWith("1 insight(s) written");
                }
            }

            assertThat(work.events(D3)).extracting(FacetEvent::topic).containsExactlyInAnyOrder("flow", "meetings");
            assertThat(work.events(dentist)).singleElement().satisfies(e -> assertThat(e.occurred()).isFalse());
            assertThat(Files.readString(file)).contains("not json, the owner's note");
        }
    }

    @Test
    void aFailingProviderIsRetriedThenReportedWithoutBlockingLaterDays() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D1, "one");
            kit.markDone(D1);
            kit.record(D2, "broken-day");
            kit.record(D3, "three");
            kit.failWhenMaterialContains.set("broken-day");
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            think.start();
            try {
                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> count(kit.emitted, "daily_done") == 2);
                List<String> broken = kit.journal.days().taskLog(D2);
                assertThat(broken).anyMatch(l -> l.contains("insight " + D2.key() + "/insights/flow.md failed")
                        && l.contains("HTTP 503") && l.contains("after 2 attempts"));
                assertThat(broken).anyMatch(l -> l.contains("\tthink-dream failed"));
                assertThat(count(broken, "\t" + ThinkService.DONE)).isZero();
                assertThat(count(kit.journal.days().taskLog(D3), "\t" + ThinkService.DONE)).isEqualTo(1);
                assertThat(kit.emitted).anyMatch(e -> e.startsWith("error " + D2.key()));
            } finally {
                think.stop();
            }
        }
    }

    @Test
    void withNoProviderNothingIsAttemptedAndItIsSaidOnce() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), false)) {
            kit.record(D3, "three");
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            think.start();
            try {
                think.observed(D3, SegmentKey.parse(ThinkKit.SEGMENT));
                think.observed(D3, SegmentKey.parse(ThinkKit.SEGMENT));
                think.catchUp();

                assertThat(kit.emitted).singleElement().asString().startsWith("skipped");
                assertThat(kit.server.getRequestCount()).isZero();
                assertThat(kit.journal.days().taskLog(D3)).isEmpty();
                assertThat(Files.exists(kit.journal.root().resolve("health/providers.jsonl"))).isFalse();
                assertThat(think.health().detail()).contains("no LLM provider");
            } finally {
                think.stop();
            }
        }
    }

    @Test
    void theOwnersTemplatesOverrideAndAddToTheBuiltIns() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            Path own = kit.journal.root().resolve("insights");
            Files.createDirectories(own);
            Files.writeString(own.resolve("flow.json"), "{\"disabled\": true}");
            Files.writeString(own.resolve("gratitude.json"), "{\"title\": \"Gratitude\", \"frequency\": \"daily\","
                    + " \"occurrences\": false}");
            Files.writeString(own.resolve("gratitude.txt"), "List what $preferred was grateful for.");
            Files.writeString(own.resolve("broken.json"), "{not json");

            InsightTemplates t = InsightTemplates.load(kit.journal);

            assertThat(t.get("flow").orElseThrow().disabled()).isTrue();
            assertThat(t.get("flow").orElseThrow().prompt()).contains("flowed");
            assertThat(t.enabled("daily")).extracting(InsightTemplate::name).doesNotContain("flow")
                    .contains("gratitude", "meetings", "decisions", "followups", "knowledge_graph", "messages",
                            "opportunities", "research", "schedule", "timeline", "documentation");
            assertThat(t.enabled("segment")).extracting(InsightTemplate::name)
                    .containsExactly("activity", "screen", "speakers");
            assertThat(t.get("schedule").orElseThrow().anticipations()).isTrue();
            assertThat(t.warnings()).singleElement().asString().contains("insights/broken.json");
        }
    }
}
