package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.BurstHold;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sense holds back during a burst of announced segments ({@link BurstHold} in {@link Admission}), through the app
 * dispatcher that delivers bus events: the first segments of a burst start at once, the rest wait in the deferral log
 * until it has been quiet, then every one is observed, in order; segments announced spaced are never held.
 */
class SenseBurstHoldTest {
    private static final Day DAY = Day.parse("20260316");
    @TempDir
    Path dir;
    private final List<Message> events = new CopyOnWriteArrayList<>();
    private Journal journal;
    private Sense sense;
    private EventDispatcher bus;

    @BeforeEach
    void setUp() throws IOException {
        journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        sense = new Sense(journal, events::add, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)),
                OcrFrameReader.forJournal(journal), 1, Sense.DEFAULT_QUEUE, journal.healthFile("sense-deferred.jsonl"));
        sense.start();
        bus = new EventDispatcher(journal, events::add, DispatcherSettings.defaults());
        assertThat(bus.register(List.of(sense.app())).ok()).isTrue();
        bus.start();
    }

    @AfterEach
    void tearDown() {
        bus.stop();
        sense.stop();
    }

    /** {@code n} segments of one tmux capture each (checked by sense, no provider needed). */
    private List<Segment> segments(int n) throws IOException {
        List<Segment> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Segment s = journal.days().createSegment(DAY, SegmentKey.of(LocalTime.of(10, 0).plusMinutes(i), 60));
            Files.writeString(s.dir().resolve("tmux_main_screen.jsonl"), "{\"raw\":\"tmux " + i + "\"}\n",
                    StandardCharsets.UTF_8);
            all.add(s);
        }
        return all;
    }

    private void announce(Segment s) {
        assertThat(bus.dispatch(Message.of("observe", "observing", Map.of("day", DAY.key(), "segment", s.key().key(),
                "files", List.of("tmux_main_screen.jsonl"), "remote", "laptop")))).isTrue();
    }

    private List<String> observed() {
        return events.stream().filter(m -> m.tract().equals("observe") && m.event().equals("observed"))
                .map(m -> m.string("segment").orElseThrow()).toList();
    }

    private long fact(String name) {
        return ((Number) sense.health().facts().get(name)).longValue();
    }

    @Test
    void aBurstIsHeldUntilQuietThenEverySegmentIsObservedInOrder() throws Exception {
        List<Segment> segments = segments(20);
        long t0 = System.nanoTime();
        segments.forEach(this::announce); // microseconds apart: a burst
        await("every segment observed").atMost(Duration.ofSeconds(20))
                .until(() -> observed().size() == segments.size());
        // the first BURST - 1 start at once; the rest are held (all 13 unless the lane was descheduled for most of a
        // 250 ms window between two of them, which a heavily loaded machine can do)
        long held = fact("held");
        assertThat(held).as("segments held").isBetween(1L, (long) segments.size() - (BurstHold.BURST - 1));
        assertThat(System.nanoTime() - t0).as("the held ones waited for the burst to be quiet")
                .isGreaterThanOrEqualTo(BurstHold.QUIET_NANOS);
        assertThat(observed()).as("in order").isEqualTo(segments.stream().map(s -> s.key().key()).toList());
        assertThat(fact("drained")).isEqualTo(fact("deferred")).isGreaterThanOrEqualTo(held);
        assertThat(fact("deferred_waiting")).isZero();
        assertThat(sense.health().facts().get("holding_burst")).isEqualTo(false);
        assertThat(sense.health().detail()).as("what engram status prints")
                .contains(held + " held back during a burst of uploads");
        assertThat(journal.healthFile("sense-deferred.jsonl")).as("emptied once all was observed").doesNotExist();
    }

    @Test
    void segmentsHeldWhenSenseRestartsAreObservedAfterTheRestart() throws Exception {
        List<Segment> segments = segments(20);
        segments.forEach(this::announce);
        // the burst's first segments observed (files queued at a stop are left to the daily repair), the rest held
        await("some held, the others observed").atMost(Duration.ofSeconds(10)).until(() -> fact("held") > 0
                && observed().size() + fact("deferred_waiting") == segments.size());
        sense.stop(); // as the supervisor restarts it: the held segments wait in the deferral log
        sense.start(); // still within the burst's quiet time: the restart's drain must schedule the one after it
        await("every segment observed").atMost(Duration.ofSeconds(20))
                .until(() -> observed().size() == segments.size());
        assertThat(observed()).as("in order").isEqualTo(segments.stream().map(s -> s.key().key()).toList());
        assertThat(fact("deferred_waiting")).as("the restart found what this process deferred: not counted twice")
                .isZero();
        assertThat(fact("drained")).isEqualTo(fact("deferred"));
    }

    @Test
    void segmentsAnnouncedSpacedAreNeverHeld() throws Exception {
        List<Segment> segments = segments(10);
        for (Segment s : segments) {
            announce(s);
            Thread.sleep(100); // ten a second: eight span 700 ms, far from a burst of eight in 250 ms
        }
        await("every segment observed").atMost(Duration.ofSeconds(20))
                .until(() -> observed().size() == segments.size());
        assertThat(fact("held")).isZero();
        assertThat(fact("deferred")).isZero();
    }
}
