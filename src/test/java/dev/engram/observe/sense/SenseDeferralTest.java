package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of segments larger than sense's queues, through the app dispatcher that delivers bus events, with a local
 * server speaking the OpenAI transcription API that holds every request until the test releases it: the segments
 * that do not fit are deferred (in the deferral log), drained in order as the queues get room, and each is observed
 * without an error; deferred segments left in the log by a process that ended are observed by the next start.
 */
class SenseDeferralTest {
    private static final Day DAY = Day.parse("20260315");
    @TempDir
    Path dir;
    private final SenseConcurrencyTest.HoldingProvider held = new SenseConcurrencyTest.HoldingProvider();
    private final MockWebServer provider = new MockWebServer();
    private final List<Message> events = new CopyOnWriteArrayList<>();
    private Journal journal;
    private Path log;
    private final List<Sense> senses = new ArrayList<>();
    private final List<EventDispatcher> buses = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        provider.setDispatcher(held);
        provider.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        log = journal.healthFile("sense-deferred.jsonl");
    }

    @AfterEach
    void tearDown() {
        held.release.countDown();
        buses.forEach(EventDispatcher::stop);
        senses.forEach(Sense::stop);
        provider.close();
    }

    /** Sense with one transcription at a time and queues of {@code queue} files, its app on a running dispatcher. */
    private Sense start(int queue) {
        Sense sense = new Sense(journal, events::add, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)),
                OcrFrameReader.forJournal(journal), 1, queue, log);
        senses.add(sense);
        sense.start();
        EventDispatcher bus = new EventDispatcher(journal, events::add, DispatcherSettings.defaults());
        buses.add(bus);
        assertThat(bus.register(List.of(sense.app())).ok()).isTrue();
        bus.start();
        return sense;
    }

    /** {@code n} segments of one audio file and one tmux capture each, announced on the bus one after the other. */
    private List<Segment> burst(EventDispatcher bus, int n) throws IOException {
        List<Segment> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Segment s = journal.days().createSegment(DAY, SegmentKey.of(LocalTime.of(9, 0).plusMinutes(i), 60));
            Files.writeString(s.dir().resolve("audio.flac"), "fLaC audio " + i);
            Files.writeString(s.dir().resolve("tmux_main_screen.jsonl"), "{\"raw\":\"tmux " + i + "\"}\n",
                    StandardCharsets.UTF_8);
            assertThat(bus.dispatch(Message.of("observe", "observing", Map.of("day", DAY.key(), "segment",
                    s.key().key(), "files", List.of("audio.flac", "tmux_main_screen.jsonl"), "remote", "laptop"))))
                    .isTrue();
            all.add(s);
        }
        return all;
    }

    private List<Message> observed() {
        return events.stream().filter(m -> m.tract().equals("observe") && m.event().equals("observed")).toList();
    }

    private static long fact(Sense sense, String name) {
        return ((Number) sense.health().facts().get(name)).longValue();
    }

    @Test
    void aBurstLargerThanTheQueuesIsDeferredAndDrainedInOrderEverySegmentObservedWithoutErrors() throws Exception {
        Sense sense = start(2);
        assertThat(log).as("no file while nothing is deferred").doesNotExist();
        List<Segment> segments = burst(buses.getFirst(), 30);
        // one transcription held at the provider, two files queued: the other 27 segments wait, deferred
        await("27 segments deferred").atMost(Duration.ofSeconds(20))
                .until(() -> fact(sense, "deferred") == 27 && held.inFlight.get() == 1);
        assertThat(fact(sense, "deferred_waiting")).isEqualTo(27);
        assertThat(Files.size(log)).as("the deferral log holds them").isPositive();
        assertThat(observed()).isEmpty();

        held.release.countDown();
        await("every segment observed").atMost(Duration.ofSeconds(30)).until(() -> observed().size() == 30);
        assertThat(observed()).allSatisfy(m -> {
            assertThat(m.json().has("errors")).as(m.toJson()).isFalse();
            assertThat(m.string("remote")).contains("laptop");
        });
        assertThat(observed().stream().map(m -> m.string("segment").orElseThrow()).toList()).as("in order")
                .isEqualTo(segments.stream().map(s -> s.key().key()).toList());
        assertThat(segments).allSatisfy(s -> assertThat(s.dir().resolve("audio.jsonl")).exists());
        assertThat(fact(sense, "drained")).isEqualTo(27);
        assertThat(sense.health().detail()).as("what engram status prints")
                .contains("deferred 27 segment(s) (").contains("others while its queues were full), drained 27");
        assertThat(fact(sense, "deferred_waiting")).isZero();
        assertThat(fact(sense, "files_failed")).isZero();
        assertThat(log).as("removed once everything in it was observed").doesNotExist();
    }

    @Test
    void deferredSegmentsLeftByAProcessThatEndedAreObservedByTheNextStart() throws Exception {
        Sense first = start(1);
        List<Segment> segments = burst(buses.getFirst(), 6);
        await("4 segments deferred").atMost(Duration.ofSeconds(20)).until(() -> fact(first, "deferred") == 4);
        // the process ends: stop writes nothing to the log, so it is left as a kill -9 leaves it; and a kill in the
        // middle of an append leaves a line without its newline, which the next start cuts off
        buses.getFirst().stop();
        first.stop();
        Files.writeString(log, " {\"day\":\"20260315\",\"segm", StandardOpenOption.APPEND);
        events.clear();

        held.release.countDown();
        Sense next = start(1);
        assertThat(fact(next, "deferred_recovered")).isEqualTo(4);
        await("the 4 deferred segments observed").atMost(Duration.ofSeconds(30)).until(() -> observed().size() == 4);
        assertThat(observed().stream().map(m -> m.string("segment").orElseThrow()).toList())
                .isEqualTo(segments.subList(2, 6).stream().map(s -> s.key().key()).toList());
        assertThat(observed()).allSatisfy(m -> {
            assertThat(m.json().has("errors")).as(m.toJson()).isFalse();
            assertThat(m.string("remote")).as("the origin kept in the log").contains("laptop");
        });
        assertThat(fact(next, "drained")).isEqualTo(4);
        assertThat(fact(next, "deferred_waiting")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(log));
    }
}
