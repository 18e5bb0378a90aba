package dev.engram.app;

import org.junit.jupiter.api.parallel.ResourceLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each app has its own lane: a slow app never delays another app's handlers. */
// its slow handlers make the dispatcher log warnings, which must not land in another class's LogCapture
@ResourceLock(LogCapture.LOCK)
class LaneTest {
    @TempDir
    Path dir;
    EventDispatcher dispatcher;

    static final long SLEEP_MS = 10_000;

    /** Sleeps 10 s on every event (interruptible, so stop can end it). */
    public static class SleepyApp implements App {
        @Override
        public String name() {
            return "sleepy";
        }

        @OnEvent(tract = "t", event = "*")
        public void sleep(EventContext ctx) throws InterruptedException {
            Thread.sleep(SLEEP_MS);
        }
    }

    /** Records when it handled each event ({@code n} field), in nanoTime. */
    public static class QuickApp implements App {
        final Map<Long, Long> handledAt = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "quick";
        }

        @OnEvent(tract = "*", event = "*")
        public void note(EventContext ctx) {
            handledAt.put(ctx.msg().json().get("n").asLong(), System.nanoTime());
        }
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.reset();
        }
    }

    @Test
    void aHandlerSleeping10sInOneAppDoesNotDelayAnotherAppsHandlerForTheSameEvents() {
        dispatcher = new Fixtures(dir).dispatcher(Fixtures.quick().withHandlerTimeout(Duration.ofSeconds(30))
                .withStopTimeout(Duration.ofMillis(200)));
        QuickApp quick = new QuickApp();
        assertThat(dispatcher.register(List.of(new SleepyApp(), quick)).ok()).isTrue();
        dispatcher.start();

        // warm-up: the quick lane's first handler thread is made on demand (not what is measured)
        assertThat(dispatcher.dispatch(Message.of("warm", "up", Map.of("n", -1)))).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> quick.handledAt.containsKey(-1L));

        int events = 5;
        long[] sentAt = new long[events];
        for (int i = 0; i < events; i++) {
            sentAt[i] = System.nanoTime();
            assertThat(dispatcher.dispatch(Message.of("t", "e", Map.of("n", i)))).isTrue();
            long n = i;
            await().atMost(Duration.ofSeconds(20)).until(() -> quick.handledAt.containsKey(n));
        }
        long[] delays = new long[events];
        for (int i = 0; i < events; i++) {
            delays[i] = (quick.handledAt.get((long) i) - sentAt[i]) / 1_000_000;
            System.out.println("quick app handled event " + i + " after " + delays[i] + " ms");
        }
        java.util.Arrays.sort(delays);
        // Sharing a lane with the sleeper would delay events 1..4 by a whole sleep (10,000 ms) each, so the median
        // would be about SLEEP_MS. The bounds are fractions of the sleep, not absolute latencies: on a loaded 2-core
        // machine (load 25+) a handoff between threads took 19 ms, which says nothing about lanes.
        assertThat(delays[events / 2]).as("median delay of the quick app's handler, ms").isLessThan(SLEEP_MS / 20);
        assertThat(delays[events - 1]).as("worst delay of the quick app's handler, ms").isLessThan(SLEEP_MS / 5);
    }
}
