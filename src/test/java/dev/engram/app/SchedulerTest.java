package dev.engram.app;

import org.junit.jupiter.api.parallel.ResourceLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared scheduler with a clock the test moves: no waiting for real days. */
@ResourceLock(LogCapture.LOCK)
class SchedulerTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    @TempDir
    Path dir;
    MovableClock clock = new MovableClock(at("2026-11-30T09:00"), ZONE);
    TaskScheduler scheduler;

    private static java.time.Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    private TaskScheduler scheduler() {
        return new TaskScheduler(clock, TaskScheduler.stateFileFor(dir), Duration.ofMillis(5));
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void aFixedRateTaskRunsOncePerPeriodOfTheClock() {
        scheduler = scheduler();
        AtomicInteger runs = new AtomicInteger();
        ScheduledTask task = scheduler.atFixedRate("tick", Duration.ofMinutes(5), runs::incrementAndGet);
        scheduler.start();
        assertThat(runs.get()).isZero();
        clock.advance(Duration.ofMinutes(5));
        await().until(() -> runs.get() == 1);
        clock.advance(Duration.ofMinutes(5));
        await().until(() -> runs.get() == 2);
        clock.advance(Duration.ofHours(1)); // a long pause: one run, no burst of twelve
        await().until(() -> runs.get() == 3);
        await().during(Duration.ofMillis(100)).until(() -> runs.get() == 3);
        assertThat(task.runs()).isEqualTo(3);
        task.cancel();
        clock.advance(Duration.ofMinutes(10));
        await().during(Duration.ofMillis(100)).until(() -> runs.get() == 3);
    }

    @Test
    void aCancelledDailyTasksNameIsFreeAtOnceAndOnlyTheNewTaskRuns() {
        scheduler = scheduler();
        scheduler.start();
        AtomicInteger old = new AtomicInteger();
        AtomicInteger fresh = new AtomicInteger();
        ScheduledTask first = scheduler.daily("dream", LocalTime.of(10, 0), old::incrementAndGet);
        first.cancel();
        first.cancel(); // twice: harmless
        ScheduledTask second = scheduler.daily("dream", LocalTime.of(10, 0), fresh::incrementAndGet);
        assertThat(scheduler.health().detail()).isEqualTo("1 task(s)");
        clock.set(at("2026-11-30T10:01"));
        await().until(() -> fresh.get() == 1);
        await().during(Duration.ofMillis(100)).until(() -> old.get() == 0 && fresh.get() == 1);
        assertThat(second.runs()).isEqualTo(1);
    }

    @Test
    void aDailyTaskMissedWhileEngramWasOffRunsOnceAtStartAndThenAtItsTime() {
        // first run ever: counting starts now (09:00), nothing to catch up
        scheduler = scheduler();
        AtomicInteger runs = new AtomicInteger();
        scheduler.daily("think", LocalTime.of(3, 0), runs::incrementAndGet);
        scheduler.start();
        await().during(Duration.ofMillis(100)).until(() -> runs.get() == 0);
        scheduler.stop();

        // Engram is off over night, past 03:00, and starts again at 10:00 the next day: one catch-up run
        clock.set(at("2026-12-01T10:00"));
        scheduler = scheduler();
        ScheduledTask task = scheduler.daily("think", LocalTime.of(3, 0), runs::incrementAndGet);
        scheduler.start();
        await().until(() -> runs.get() == 1);
        assertThat(task.lastRun()).contains(at("2026-12-01T10:00"));
        clock.set(at("2026-12-01T23:00"));
        await().during(Duration.ofMillis(100)).until(() -> runs.get() == 1);
        scheduler.stop();

        // a restart the same day: the run was persisted, no second catch-up
        scheduler = scheduler();
        ScheduledTask again = scheduler.daily("think", LocalTime.of(3, 0), runs::incrementAndGet);
        scheduler.start();
        await().during(Duration.ofMillis(100)).until(() -> runs.get() == 1);
        assertThat(again.lastRun()).contains(at("2026-12-01T10:00"));

        // and at 03:00 it runs on time
        clock.set(at("2026-12-02T03:00"));
        await().until(() -> runs.get() == 2);
        assertThat(TaskScheduler.stateFileFor(dir)).content().contains("\"think\"");
    }

    @Test
    void aFailingTaskIsLoggedCountedAndShownAndTheSchedulerGoesOn() {
        scheduler = scheduler();
        AtomicInteger good = new AtomicInteger();
        ScheduledTask bad = scheduler.atFixedRate("bad", Duration.ofMinutes(1), () -> {
            throw new IllegalStateException("disk full");
        });
        scheduler.atFixedRate("good", Duration.ofMinutes(1), good::incrementAndGet);
        scheduler.start();
        try (LogCapture log = new LogCapture(TaskScheduler.class, Level.ERROR)) {
            clock.advance(Duration.ofMinutes(1));
            await().until(() -> bad.failures() == 1 && good.get() == 1);
            await().until(() -> log.messages(Level.ERROR).size() == 1);
            assertThat(log.messages(Level.ERROR))
                    .containsExactly("scheduled task bad failed; it runs again when next due");
        }
        assertThat(bad.lastError()).isEqualTo("java.lang.IllegalStateException: disk full");
        Health h = scheduler.health();
        assertThat(h.state()).isEqualTo(Health.State.DEGRADED);
        assertThat(h.detail()).isEqualTo("task bad failed: java.lang.IllegalStateException: disk full");
        clock.advance(Duration.ofMinutes(1));
        await().until(() -> bad.failures() == 2 && good.get() == 2);
    }

    @Test
    void tasksAddedConcurrentlyWhileTheLoopRunsNeverKillIt() throws Exception {
        scheduler = scheduler();
        scheduler.start();
        int threads = 6;
        int each = 60;
        java.util.List<Thread> adders = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            adders.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < each; k++) {
                    scheduler.atFixedRate("t" + n + "-" + k, Duration.ofMillis(1), () -> { });
                }
            }));
        }
        for (Thread t : adders) {
            t.join();
        }
        AtomicInteger last = new AtomicInteger();
        scheduler.atFixedRate("last", Duration.ofMinutes(1), last::incrementAndGet);
        clock.advance(Duration.ofMinutes(1));
        await().until(() -> last.get() >= 1);
        assertThat(scheduler.health().state()).isNotEqualTo(Health.State.DOWN);
    }

    @Test
    void aDeadLoopReportsDown() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        java.time.Clock failing = new java.time.Clock() {
            @Override
            public ZoneId getZone() {
                return ZONE;
            }

            @Override
            public java.time.Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                if (broken.get()) {
                    throw new Error("the clock broke");
                }
                return clock.instant();
            }
        };
        scheduler = new TaskScheduler(failing, TaskScheduler.stateFileFor(dir), Duration.ofMillis(5));
        scheduler.start();
        assertThat(scheduler.health().state()).isEqualTo(Health.State.UP);
        broken.set(true);
        await().until(() -> scheduler.health().state() == Health.State.DOWN);
        assertThat(scheduler.health().detail()).contains("restart engram");
    }
}
