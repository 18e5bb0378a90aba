package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.AppContext;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.app.Health;
import dev.engram.app.Lifecycle;
import dev.engram.app.Scheduler;
import dev.engram.app.Supervisor;
import dev.engram.app.SupervisorApp;
import dev.engram.app.TaskScheduler;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.cortex.api.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarting think: through the supervisor on the REAL bus ({@code supervisor.restart}), in a lifecycle with the real
 * task scheduler; afterwards the daily task exists once, so a simulated midnight dreams yesterday exactly once.
 */
class ThinkRestartTest {
    @TempDir
    Path dir;

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).count();
    }

    @Test
    void thinkRestartedOnTheBusKeepsOneDailyTaskAndMidnightDreamsOnce() throws Exception {
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "engrs").resolve("bus.sock");
        List<Message> seen = new CopyOnWriteArrayList<>();
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-28T23:58:00Z"), true);
             CallosumServer server = CallosumServer.start(ServerConfig.of(socket))) {
            kit.record(ThinkTest.D2, "two");
            kit.markDone(ThinkTest.D2);
            kit.record(ThinkTest.D3, "three");
            kit.setThink("{\"daily_time\": \"00:05\"}");
            EventDispatcher[] d = new EventDispatcher[1];
            CallosumClient engram = CallosumClient.start(socket, m -> d[0].dispatch(m));
            AppContext context = AppContext.of(kit.journal, engram);
            d[0] = new EventDispatcher(context, DispatcherSettings.defaults());
            TaskScheduler scheduler = new TaskScheduler(kit.clock, dir.resolve("scheduler.json"),
                    Duration.ofMillis(10));
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.of(scheduler), kit.events(),
                    kit.clock);
            Lifecycle life = new Lifecycle();
            life.provide(Scheduler.class, scheduler);
            life.provide(Providers.class, kit.providers());
            life.add(think);
            Supervisor supervisor = new Supervisor(life, context, kit.clock, 3, Set.of(), Map::of);
            life.add(supervisor);
            d[0].register(List.of(new SupervisorApp(supervisor)));
            List<Message> probes = new CopyOnWriteArrayList<>();
            CallosumClient other = CallosumClient.start(socket, m -> {
                if (m.tract().equals("supervisor") || m.tract().equals("health")) {
                    seen.add(m);
                } else if (m.tract().equals("probe")) {
                    probes.add(m);
                }
            });
            try {
                life.start();
                d[0].start();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> engram.emit(Message.of("probe",
                        "ping")) && !probes.isEmpty());

                other.emit(Message.of("supervisor", "restart", Map.of("service", "think")));

                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> seen.stream().anyMatch(m ->
                        m.event().equals("started") && "think".equals(m.string("service").orElse(""))));
                assertThat(life.restarts("think")).isEqualTo(1);
                assertThat(life.health().services().get("think").state()).isEqualTo(Health.State.UP);
                assertThat(scheduler.health().facts()).containsKey("think-dream");
                assertThat(scheduler.health().detail()).isEqualTo("1 task(s)");
                assertThat(kit.server.getRequestCount()).isZero();

                kit.clock.set(Instant.parse("2026-11-29T00:06:00Z")); // past midnight and the daily time

                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> count(kit.emitted, "daily_done") == 1);
                Awaitility.await().during(500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                        .until(() -> count(kit.emitted, "daily_start") == 1);
                assertThat(count(kit.journal.days().taskLog(ThinkTest.D3), "\t" + ThinkService.DONE)).isEqualTo(1);
                assertThat(count(kit.journal.days().taskLog(ThinkTest.D3), "\tthink-dream starting")).isEqualTo(1);
            } finally {
                d[0].stop();
                life.stop();
                other.close();
                engram.close();
            }
        }
    }
    @Test
    void aRestartMidDayAfterAnInterruptedDreamCatchesUpExactlyOnce() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(ThinkTest.D2, "two");
            kit.markDone(ThinkTest.D2);
            kit.record(ThinkTest.D3, "three");
            // Engram stopped in the middle of D3's dream: one insight written, the day not done
            kit.journal.days().logTask(ThinkTest.D3, Instant.parse("2026-11-29T03:00:00Z"), "think-dream starting");
            ThinkService.runByHand(kit.journal, kit.providers(), kit.clock, ThinkTest.D3, Optional.empty(),
                    Optional.of("flow"), false);
            int before = kit.server.getRequestCount();
            Path state = dir.resolve("scheduler.json");
            for (String at : List.of("2026-11-29T08:00:00Z", "2026-11-29T13:00:00Z")) { // started, then restarted
                kit.clock.set(Instant.parse(at));
                TaskScheduler scheduler = new TaskScheduler(kit.clock, state, Duration.ofMillis(10));
                scheduler.start();
                ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.of(scheduler),
                        kit.events(), kit.clock);
                think.start();
                try {
                    // the start's catch-up pass has finished (whatever it dreamt), nothing else is queued, and the
                    // daily task (03:00) was not due: so every dream this start causes is over
                    Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() ->
                            think.health().facts().get("catch_ups").equals(1L)
                                    && think.health().facts().get("queued").equals(0));
                    assertThat(scheduler.health().facts().get("think-dream").toString()).contains("runs=0");
                    assertThat(count(kit.emitted, "daily_start")).as("dreams after the start at %s", at).isEqualTo(1);
                    assertThat(count(kit.emitted, "daily_done")).isEqualTo(1);
                } finally {
                    think.stop();
                    scheduler.stop();
                }
            }
            List<String> log = kit.journal.days().taskLog(ThinkTest.D3);
            assertThat(count(log, "\t" + ThinkService.DONE)).isEqualTo(1);
            assertThat(count(kit.emitted, "daily_start")).isEqualTo(1);
            assertThat(count(log, "\tinsight " + ThinkTest.D3.key() + "/insights/flow.md ok")).isEqualTo(1); // kept
            int asked = kit.server.getRequestCount() - before;
            assertThat(kit.prompts.stream().skip(before).filter(p -> p.contains("flowed")).count()).isZero();
            assertThat(asked).isPositive();
        }
    }
}
