package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class DispatchTest {
    @TempDir
    Path dir;
    Fixtures fx;
    GateApp app = new GateApp();
    EventDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(dir);
    }

    @AfterEach
    void tearDown() {
        app.gate.countDown();
        if (dispatcher != null) {
            dispatcher.reset();
        }
    }

    private void start(DispatcherSettings settings) {
        dispatcher = fx.dispatcher(settings);
        assertThat(dispatcher.register(List.of(app)).ok()).isTrue();
        dispatcher.start();
    }

    private static Message msg(String event) {
        return Message.of("t", event);
    }

    @Test
    void theNextEventsHandlersStartOnlyAfterAllHandlersOfTheEventBeforeHaveFinished() throws InterruptedException {
        start(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)));

        dispatcher.dispatch(msg("block"));
        dispatcher.dispatch(msg("next"));
        Waits.await(app.blocked, "both handlers of 'block' running");
        Waits.holds("'next' waits while 'block' runs", Duration.ofMillis(300),
                () -> app.log.stream().noneMatch(s -> s.startsWith("start:next")));
        app.gate.countDown();
        Waits.until("'next' handled", () -> app.log.contains("end:next:a") && app.log.contains("end:next:b"));

        int lastEndOfBlock = Math.max(app.indexOf("end:block:a"), app.indexOf("end:block:b"));
        int firstStartOfNext = Math.min(app.indexOf("start:next:a"), app.indexOf("start:next:b"));
        assertThat(lastEndOfBlock).isLessThan(firstStartOfNext);
        assertThat(app.threads).allMatch(name -> name.matches("event-gate-\\d+"));
    }

    @Test
    void aHungHandlerTimesOutWithAWarningAndTheNextEventProceeds() throws InterruptedException {
        // a single worker: the hung handler keeps it, so progress proves the pool grew a replacement
        // 1 s, not the quick 200 ms: only the gated handler may time out, even on a loaded machine
        start(Fixtures.quick().withWorkers(1).withHandlerTimeout(java.time.Duration.ofSeconds(1)));
        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.WARN)) {
            dispatcher.dispatch(msg("block_a"));
            dispatcher.dispatch(msg("next"));
            Waits.until("'next' handled", () -> app.log.contains("end:next:a") && app.log.contains("end:next:b"));

            assertThat(log.messages(Level.WARN)).containsExactly("[gate] handler GateApp#a did not finish t/block_a"
                    + " within 1000 ms; it keeps running, the next event proceeds");
        }
        assertThat(app.log).doesNotContain("end:block_a:a");
        assertThat(app.indexOf("end:block_a:b")).isLessThan(app.indexOf("start:next:a"));
        assertThat(dispatcher.stats().handlerTimeouts()).isEqualTo(1);
        assertThat(dispatcher.stats().stuckHandlers()).isEqualTo(1);

        app.gate.countDown();
        Waits.until("hung handler ends", () -> app.log.contains("end:block_a:a"));
        Waits.until("no stuck handler", () -> dispatcher.stats().stuckHandlers() == 0);
    }

    @Test
    void aFailingHandlerIsLoggedAndNeverAffectsOtherHandlers() throws InterruptedException {
        start(Fixtures.quick());
        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.WARN)) {
            dispatcher.dispatch(msg("boom"));
            dispatcher.dispatch(msg("after"));
            Waits.until("'after' handled", () -> app.log.contains("end:after:a") && app.log.contains("end:after:b"));

            List<ILoggingEvent> errors = log.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.getFirst().getFormattedMessage()).isEqualTo("[gate] handler GateApp#a failed on t/boom");
            assertThat(errors.getFirst().getThrowableProxy().getMessage()).isEqualTo("boom in a");
        }
        assertThat(app.log).contains("end:boom:b").doesNotContain("end:boom:a");
        assertThat(dispatcher.stats().handlerFailures()).isEqualTo(1);
        assertThat(dispatcher.stats().handlerRuns()).isEqualTo(4);
    }

    @Test
    void dispatchReturnsAtOnceWhileAHandlerIsSlow() throws InterruptedException {
        start(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)));
        dispatcher.dispatch(msg("block"));
        Waits.await(app.blocked, "handlers of 'block' running");

        List<Boolean> results = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 1000; i++) {
                results.add(dispatcher.dispatch(msg("e" + i)));
            }
        });
        assertThat(app.gate.getCount()).as("handlers still blocked").isEqualTo(1);
        assertThat(results).hasSize(1000).containsOnly(true);
        assertThat(dispatcher.stats().queued()).isEqualTo(1000);

        app.gate.countDown();
        Waits.until("all dispatched", () -> dispatcher.stats().dispatched() == 1001);
        assertThat(dispatcher.stats().accepted()).isEqualTo(1001);
    }

    @Test
    void aFullQueueDropsCountsAndWarns() throws InterruptedException {
        start(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)).withQueueCapacity(2));
        dispatcher.dispatch(msg("block"));
        Waits.await(app.blocked, "dispatcher busy with 'block'");

        List<Boolean> results = new ArrayList<>();
        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.WARN)) {
            for (int i = 0; i < 5; i++) {
                results.add(dispatcher.dispatch(msg("e")));
            }
            assertThat(log.messages(Level.WARN)).containsExactly("[gate] event lane full (2 events): dropped 1"
                    + " event(s) since the last warning, 1 in all (latest t/e)");
        }
        assertThat(results).containsExactly(true, true, false, false, false);
        DispatchStats stats = dispatcher.stats();
        assertThat(stats.overflowDrops()).isEqualTo(3);
        assertThat(stats.queued()).isEqualTo(2);
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(stats.lane("gate").orElseThrow().dropped()).isEqualTo(3);
        assertThat(fx.emitted).as("one notice per warning, for the Convey shell").containsExactly(Message.of(
                "health", "notice", java.util.Map.of("source", "app.gate", "level", "warn", "message", "app gate is"
                        + " behind: 1 event(s) dropped (1 in all); its handlers are too slow for the event rate")));
        assertThat(dispatcher.health().state()).isEqualTo(Health.State.DEGRADED);
        assertThat(dispatcher.health().detail()).isEqualTo("gate dropped 3 event(s)");

        app.gate.countDown();
        Waits.until("queue drained", () -> dispatcher.stats().dispatched() == 3);
        Waits.until("app told", () -> !app.toldDropped.isEmpty());
        assertThat(app.toldDropped).containsExactly(3L);
        assertThat(app.indexOf("dropped:3")).as("told after the event in hand").isGreaterThan(
                app.indexOf("end:block:a"));
    }

    @Test
    void dropsAfterTheLastWarningAreToldOnceTheFloodStops() throws InterruptedException {
        // The warning interval runs on a clock the test moves: on a loaded machine the real 200 ms could pass between
        // two drops of the flood and allow a second warning too early. The lane thread still checks every 200 ms of
        // real time, so telling the drops after the flood needs no event and no drop to trigger it.
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        Duration interval = Duration.ofMillis(200);
        dispatcher = fx.dispatcher(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)).withQueueCapacity(1))
                .warnEvery(interval, clock::get);
        assertThat(dispatcher.register(List.of(app)).ok()).isTrue();
        dispatcher.start();
        dispatcher.dispatch(msg("block"));
        Waits.await(app.blocked, "dispatcher busy with 'block'");
        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.WARN)) {
            dispatcher.dispatch(msg("e")); // queued
            for (int i = 0; i < 4; i++) {
                dispatcher.dispatch(msg("e")); // dropped: the first one warns, the next three wait for the interval
            }
            assertThat(log.messages(Level.WARN)).hasSize(1);
            clock.addAndGet(interval.toNanos() - 1);
            Waits.holds("no second warning within the interval", Duration.ofMillis(500),
                    () -> log.messages(Level.WARN).size() == 1);
            // the flood stopped: no more events; the three drops are still told once the interval has passed
            clock.incrementAndGet();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.messages(Level.WARN)
                    .size() == 2);
            assertThat(log.messages(Level.WARN).get(1)).contains("dropped 3 event(s) since the last warning, 4 in all");
        }
        org.awaitility.Awaitility.await().until(() -> fx.emitted.size() == 2);
        assertThat(fx.emitted.get(1).json().get("message").asString()).contains("3 event(s) dropped (4 in all)");
        app.gate.countDown();
    }

    @Test
    void eventsBeforeStartAreRefusedAndCounted() {
        dispatcher = fx.dispatcher(Fixtures.quick());
        dispatcher.register(List.of(app));
        assertThat(dispatcher.dispatch(msg("e"))).isFalse();
        assertThat(dispatcher.stats().notRunningDrops()).isEqualTo(1);
        assertThat(dispatcher.isRunning()).isFalse();
    }
}
