package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class StopTest {
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
        dispatcher.reset();
    }

    private void start(DispatcherSettings settings) {
        dispatcher = fx.dispatcher(settings);
        assertThat(dispatcher.register(List.of(app)).ok()).isTrue();
        dispatcher.start();
    }

    @Test
    void stopWaitsForRunningHandlersThenStopsTheApps() throws InterruptedException {
        start(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)).withStopTimeout(Duration.ofSeconds(30)));
        dispatcher.dispatch(Message.of("t", "block"));
        Waits.await(app.blocked, "handlers running");

        Thread stopper = new Thread(dispatcher::stop, "test-stopper");
        stopper.start();
        Waits.holds("stop still waiting for the handlers", Duration.ofMillis(300),
                () -> stopper.isAlive() && !app.log.contains("app-stop"));
        assertThat(dispatcher.dispatch(Message.of("t", "late"))).as("no new events while stopping").isFalse();

        app.gate.countDown();
        stopper.join(Duration.ofSeconds(Waits.SECONDS));
        assertThat(stopper.isAlive()).isFalse();
        assertThat(app.log).endsWith("app-stop");
        assertThat(app.indexOf("end:block:a")).isLessThan(app.indexOf("app-stop"));
        assertThat(app.indexOf("end:block:b")).isLessThan(app.indexOf("app-stop"));
        assertThat(dispatcher.isRunning()).isFalse();
        assertThat(dispatcher.apps()).isEmpty();
        assertThat(dispatcher.handlerCount()).isZero();
    }

    @Test
    void stopGivesUpOnAStuckHandlerAfterTheBoundAndDiscardsQueuedEvents() throws InterruptedException {
        start(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30)).withStopTimeout(Duration.ofMillis(300)));
        dispatcher.dispatch(Message.of("t", "stubborn"));
        Waits.await(app.stubborn, "stubborn handler running");
        for (int i = 0; i < 3; i++) {
            assertThat(dispatcher.dispatch(Message.of("t", "queued" + i))).isTrue();
        }

        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.INFO)) {
            assertTimeoutPreemptively(Duration.ofSeconds(Waits.SECONDS), dispatcher::stop);
            assertThat(log.messages(Level.WARN))
                    .containsExactly("event handlers of gate still running 300 ms after stop; interrupted them");
            assertThat(log.messages(Level.INFO)).contains("discarded 3 queued event(s) at stop");
        }
        assertThat(app.log).contains("app-stop").noneMatch(s -> s.startsWith("start:queued"));
        Waits.until("stuck handler interrupted", () -> app.log.contains("interrupted:a"));
        assertThat(dispatcher.stats().discardedAtStop()).isEqualTo(3);
        assertThat(dispatcher.dispatch(Message.of("t", "after"))).isFalse();
    }

    @Test
    void aStoppedDispatcherCanRegisterAndStartAgain() throws InterruptedException {
        start(Fixtures.quick());
        dispatcher.stop();
        dispatcher.stop(); // twice is harmless
        assertThat(app.log).containsExactly("app-stop");

        MatchApp again = new MatchApp();
        assertThat(dispatcher.register(List.of(again)).ok()).isTrue();
        dispatcher.start();
        dispatcher.dispatch(Message.of("o", "x"));
        Waits.until("handled after restart", () -> again.runs.size() == 2);
    }

    @Test
    void resetZeroesTheCounters() {
        start(Fixtures.quick());
        dispatcher.dispatch(Message.of("t", "e"));
        dispatcher.reset();
        assertThat(dispatcher.stats()).isEqualTo(new DispatchStats(0, 0, 0, List.of()));
    }
}
