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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sense's bounds, as an owner configures them: a local server speaking the OpenAI {@code /v1/audio/transcriptions}
 * API holds every request open, and the sense service (built as boot builds it, {@link Sense#forJournal}, fed by the
 * app dispatcher that delivers bus events) never has more than {@code sense.transcribe.concurrency} of them in
 * flight (2 when unset); the rest wait in its queue, and meanwhile the bus's next events are still delivered and
 * handled. (OCR one at a time: {@code OcrFrameReaderTest#theSenseServiceWritesTheScreenExtractAndEmitsDescribed}.)
 */
class SenseConcurrencyTest {
    @TempDir
    Path dir;
    private final HoldingProvider held = new HoldingProvider();
    private final MockWebServer provider = new MockWebServer();
    private final List<Message> events = new CopyOnWriteArrayList<>();
    private Journal journal;
    private Segment seg;
    private Sense sense;
    private EventDispatcher bus;

    /** The transcription API, answering only once the test releases it; counts requests in flight. */
    static final class HoldingProvider extends Dispatcher {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
            String type = r.getHeaders().get("Content-Type");
            if (!"POST".equals(r.getMethod()) || !r.getUrl().encodedPath().equals("/v1/audio/transcriptions")
                    || type == null || !type.startsWith("multipart/form-data")) {
                return new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                        .body("{\"error\":{\"message\":\"unknown route\",\"type\":\"invalid_request_error\"}}")
                        .build();
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    return new MockResponse.Builder().code(500).build();
                }
            } finally {
                inFlight.decrementAndGet();
            }
            answered.incrementAndGet();
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(OpenAiTranscriberTest.VERBOSE).build();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        provider.setDispatcher(held);
        provider.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
    }

    @AfterEach
    void tearDown() {
        held.release.countDown();
        if (bus != null) {
            bus.stop();
        }
        if (sense != null) {
            sense.stop();
        }
        provider.close();
    }

    /** {@code sense.transcribe} pointing at the local provider, with {@code concurrency} when not null. */
    private void configure(Integer concurrency) {
        Map<String, Object> t = new LinkedHashMap<>(Map.of("base_url", provider.url("/v1").toString(),
                "model", "whisper-1"));
        if (concurrency != null) {
            t.put("concurrency", concurrency);
        }
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", t))));
    }

    /** Sense as boot builds it (concurrency read from the config at start), its app on a running dispatcher. */
    private void startSense() {
        sense = Sense.forJournal(journal, events::add, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)),
                OcrFrameReader.forJournal(journal));
        sense.start();
        bus = new EventDispatcher(journal, events::add, DispatcherSettings.defaults());
        assertThat(bus.register(List.of(sense.app())).ok()).isTrue();
        bus.start();
    }

    private List<String> audioFiles(Segment s, int n) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "a" + i + "_audio.flac";
            Files.writeString(s.dir().resolve(name), "fLaC audio " + i);
            names.add(name);
        }
        return names;
    }

    private static Message observing(Segment s, List<String> files) {
        return Message.of("observe", "observing", Map.of("day", s.day().key(), "segment", s.key().key(),
                "files", files));
    }

    private List<Message> observed(Segment s) {
        return events.stream().filter(m -> m.event().equals("observed")
                && m.string("segment").orElse("").equals(s.key().key())).toList();
    }

    private int queued() {
        return ((Number) sense.health().facts().get("queued")).intValue();
    }

    /** Holds until {@code n} requests are in flight and the rest wait in sense's queue, then lets them all go. */
    private void assertBoundThenRelease(int n, int files) {
        await("%d transcriptions in flight, %d queued".formatted(n, files - n)).atMost(Duration.ofSeconds(20))
                .failFast("more than " + n + " transcriptions in flight", () -> held.maxInFlight.get() > n)
                .until(() -> held.inFlight.get() == n && queued() == files - n);
        // the pool's n threads are all inside a request and the others are queued: nothing else can be in flight
        assertThat(held.maxInFlight.get()).isEqualTo(n);
        assertThat(observed(seg)).as("the segment waits for its transcriptions").isEmpty();
        held.release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> !observed(seg).isEmpty());
        Message done = observed(seg).getFirst();
        assertThat(done.json().has("errors")).as(done.toJson()).isFalse();
        assertThat(held.answered.get()).isEqualTo(files);
        assertThat(held.maxInFlight.get()).as("never more than %d transcriptions at once", n).isEqualTo(n);
        assertThat(events.stream().filter(m -> m.event().equals("transcribed"))).hasSize(files);
    }

    @Test
    void theConfiguredConcurrencyBoundsTranscriptionsInFlightAndBusEventsAreHandledMeanwhile() throws Exception {
        configure(3);
        List<String> files = audioFiles(seg, 5);
        startSense();
        assertThat(bus.dispatch(observing(seg, files))).isTrue();
        await("3 transcriptions in flight, 2 queued").atMost(Duration.ofSeconds(20))
                .until(() -> held.inFlight.get() == 3 && queued() == 2);

        // while three transcriptions hang at the provider, the bus's next observing event reaches sense's app and
        // its segment (a tmux capture) is checked and observed: neither the app's lane nor sense's checks wait
        Segment other = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 35), 300));
        Files.writeString(other.dir().resolve("tmux_main_screen.jsonl"), "{\"raw\":\"tmux\"}\n{\"frame_id\":1}\n");
        assertThat(bus.dispatch(observing(other, List.of("tmux_main_screen.jsonl")))).isTrue();
        await("the other segment observed while transcriptions are held").atMost(Duration.ofSeconds(10))
                .until(() -> !observed(other).isEmpty());
        assertThat(observed(other).getFirst().json().has("errors")).isFalse();
        assertThat(held.inFlight.get()).as("still held while the other segment went through").isEqualTo(3);

        assertBoundThenRelease(3, 5);
    }

    @Test
    void withoutTheKeyTwoTranscriptionsRunAtOnce() throws Exception {
        configure(null);
        List<String> files = audioFiles(seg, 4);
        startSense();
        assertThat(bus.dispatch(observing(seg, files))).isTrue();
        assertBoundThenRelease(2, 4);
    }
}
