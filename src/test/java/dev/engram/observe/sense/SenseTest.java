package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.Health;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.AudioTranscript;
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
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sense service on a real journal, fed {@code observe.observing} messages, with a local server speaking the
 * OpenAI transcription API: what it writes, what it emits, and that no failure leaves a segment pending.
 */
class SenseTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;
    private MockWebServer provider;
    private Journal journal;
    private Segment seg;
    private final List<Message> events = new CopyOnWriteArrayList<>();
    private final Emitter bus = m -> events.add(m);
    private Sense sense;

    @BeforeEach
    void setUp() throws IOException {
        provider = new MockWebServer();
        provider.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
    }

    @AfterEach
    void tearDown() {
        if (sense != null) {
            sense.stop();
        }
        provider.close();
    }

    private void configure() {
        configure(journal, provider);
    }

    /** Transcription through {@code provider} (OpenAI's API), with a key that must never be shown. */
    static void configure(Journal journal, MockWebServer provider) {
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1",
                        "api_key", "sk-never-shown")))));
    }

    private Sense start(int transcribers, int queue) {
        sense = started(journal, bus, transcribers, queue);
        return sense;
    }

    /** A started sense of {@code journal}: the real transcriber (the journal's settings) and OCR reader. */
    static Sense started(Journal journal, Emitter bus, int transcribers, int queue) {
        OpenAiTranscriber t = new OpenAiTranscriber(new OutboundHttp(journal),
                () -> SenseSettings.transcribe(journal, k -> null), ms -> { });
        Sense s = new Sense(journal, bus, t, OcrFrameReader.forJournal(journal), transcribers, queue);
        s.start();
        return s;
    }

    private void file(String name, String content) throws IOException {
        Files.writeString(seg.dir().resolve(name), content, StandardCharsets.UTF_8);
    }

    private Message observing(List<String> files, Map<String, Object> more) {
        Map<String, Object> f = new java.util.LinkedHashMap<>(Map.of("day", "20260315", "segment", "093000_300",
                "files", files));
        f.putAll(more);
        return Message.of("observe", "observing", f);
    }

    private List<Message> of(String event) {
        return events.stream().filter(m -> m.tract().equals("observe") && m.event().equals(event)).toList();
    }

    private Message awaitObserved() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !of("observed").isEmpty());
        return of("observed").getFirst();
    }

    static MockResponse verbose() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(OpenAiTranscriberTest.VERBOSE).build();
    }

    @Test
    void audioIsTranscribedTmuxIsCheckedAndTheSegmentIsObserved() throws Exception {
        configure();
        file("audio.flac", "fLaC audio");
        file("tmux_main_screen.jsonl", "{\"raw\":\"tmux\"}\n{\"frame_id\":1,\"timestamp\":0,\"analysis\":{}}\n");
        file("photo.png", "not sense's business");
        provider.enqueue(verbose());
        start(2, 10).observing(observing(List.of("audio.flac", "tmux_main_screen.jsonl", "photo.png"),
                Map.of("remote", "laptop", "host", "lap")));

        Message observed = awaitObserved();
        assertThat(observed.json().has("errors")).as(observed.toJson()).isFalse();
        assertThat(observed.string("remote")).contains("laptop");
        assertThat(observed.get("duration").orElseThrow().isNumber()).isTrue();
        Message detected = of("detected").getFirst();
        assertThat(detected.string("file")).contains("20260315/093000_300/audio.flac");
        assertThat(detected.string("handler")).contains("transcribe");
        assertThat(detected.string("remote")).contains("laptop");
        Message transcribed = of("transcribed").getFirst();
        assertThat(transcribed.string("input")).contains("20260315/093000_300/audio.flac");
        assertThat(transcribed.string("output")).contains("20260315/093000_300/audio.jsonl");
        assertThat(transcribed.get("duration_ms").orElseThrow().asLong()).isNotNegative();
        assertThat(events.indexOf(detected)).isLessThan(events.indexOf(transcribed));
        assertThat(events.indexOf(transcribed)).isLessThan(events.indexOf(observed));

        // the reference transcript format, read back by the journal
        AudioTranscript t = journal.days().files(seg).audio().getFirst();
        assertThat(t.fileName()).isEqualTo("audio.jsonl");
        assertThat(t.raw()).contains("audio.flac");
        assertThat(t.meta().string("remote")).contains("laptop");
        assertThat(t.meta().string("model")).contains("whisper-1");
        assertThat(t.utterances()).extracting(AudioTranscript.Utterance::start, AudioTranscript.Utterance::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00:00:00", "Hello there."),
                        org.assertj.core.groups.Tuple.tuple("00:01:05", "Ship it on Friday."));
        String first = Files.readAllLines(seg.dir().resolve("audio.jsonl")).getFirst();
        assertThat(first).doesNotContain("\"start\"").doesNotContain("sk-never-shown");
        assertThat(sense.health().facts()).containsEntry("files_done", 2L).containsEntry("files_failed", 0L);
    }

    @Test
    void aSourceStemBecomesTheUtterancesSource() throws Exception {
        configure();
        file("mic_audio.flac", "mic");
        provider.enqueue(verbose());
        start(1, 10).observing(observing(List.of("mic_audio.flac"), Map.of()));
        awaitObserved();
        assertThat(journal.days().files(seg).audio().getFirst().utterances())
                .allSatisfy(u -> assertThat(u.source()).contains("mic"));
    }

    @Test
    void withoutAProviderTheSegmentCompletesWithErrorsAndANoticeAndCanBeProcessedLater() throws Exception {
        file("audio.flac", "fLaC audio");
        Segment second = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 35), 300));
        Files.writeString(second.dir().resolve("audio.flac"), "fLaC audio", StandardCharsets.UTF_8);
        start(1, 10).observing(observing(List.of("audio.flac"), Map.of("observer", "desk")));

        Message observed = awaitObserved();
        assertThat(observed.get("errors").orElseThrow().toString()).contains("audio.flac")
                .contains("no transcription endpoint is configured");
        assertThat(observed.string("observer")).contains("desk");
        // the same missing setup in the next segment: still in its observe.observed, but told once, not per segment
        sense.observing(Message.of("observe", "observing", Map.of("day", "20260315", "segment", "093500_300",
                "files", List.of("audio.flac"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> of("observed").size() == 2);
        assertThat(of("observed").get(1).get("errors").orElseThrow().toString())
                .contains("no transcription endpoint is configured");
        List<Message> notices = events.stream()
                .filter(m -> m.tract().equals("health") && m.event().equals("notice")).toList();
        assertThat(notices).as("one notice for the missing setup, not one per segment").hasSize(1);
        Message notice = notices.getFirst();
        assertThat(notice.string("source")).contains("observe.sense");
        assertThat(notice.string("message").orElseThrow()).contains("20260315/093000_300")
                .contains("no transcription endpoint is configured").contains("engram sense --day 20260315");
        Health h = sense.health();
        assertThat(h.state()).as("a missing setup is not a failure").isEqualTo(Health.State.UP);
        assertThat(h.detail()).contains("not transcribed until an endpoint is configured");
        assertThat(h.facts()).containsEntry("files_awaiting_setup", 2L).containsEntry("files_failed", 0L);
        assertThat(Files.exists(seg.dir().resolve("audio.jsonl"))).isFalse();

        // configured later, the same segment is processed again (what engram sense does)
        configure();
        provider.enqueue(verbose());
        Sense.Outcome again = sense.process(seg, List.of("audio.flac"), Map.of(), false, true)
                .get(20, TimeUnit.SECONDS);
        assertThat(again.errors()).isEmpty();
        assertThat(again.processed()).containsExactly("audio.flac");
        assertThat(of("observed").getLast().get("batch").orElseThrow().asBoolean()).isTrue();
        assertThat(Files.exists(seg.dir().resolve("audio.jsonl"))).isTrue();
    }

    @Test
    void aFailingProviderFailsTheSegmentWithAConveyNoticeThatSaysHowToRetryIt() throws Exception {
        configure();
        file("audio.flac", "fLaC audio");
        provider.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\"}}")
                .build());
        start(1, 10).observing(observing(List.of("audio.flac"), Map.of("remote", "laptop")));

        Message observed = awaitObserved();
        assertThat(observed.get("errors").orElseThrow()).hasSize(1);
        assertThat(observed.get("errors").orElseThrow().toString()).contains("audio.flac").contains("400");
        // the notice Convey shows (health.notice {source, level, message}: convey/notices.js), one per failed segment
        List<Message> notices = events.stream()
                .filter(m -> m.tract().equals("health") && m.event().equals("notice")).toList();
        assertThat(notices).hasSize(1);
        Message notice = notices.getFirst();
        assertThat(notice.string("source")).contains("observe.sense");
        assertThat(notice.string("level")).contains("warn");
        assertThat(notice.string("message").orElseThrow()).contains("segment 20260315/093000_300")
                .contains("audio.flac").contains("engram sense --day 20260315 --segment 093000_300")
                .doesNotContain("sk-never-shown");
        assertThat(events.indexOf(notice)).as("the notice goes out before observe.observed")
                .isLessThan(events.indexOf(observed));
        Health h = sense.health();
        assertThat(h.state()).isEqualTo(Health.State.DEGRADED);
        assertThat(h.detail()).contains("20260315/093000_300");
        assertThat(h.facts()).containsEntry("files_failed", 1L);
        assertThat(Files.exists(seg.dir().resolve("audio.jsonl"))).isFalse();
    }

    @Test
    void aBrokenJsonlIsAnErrorNamingItsLine() throws Exception {
        file("tmux_dev_screen.jsonl", "{\"raw\":\"tmux\"}\n{\"frame_id\":1,\n");
        start(1, 10).observing(observing(List.of("tmux_dev_screen.jsonl"), Map.of()));
        assertThat(awaitObserved().get("errors").orElseThrow().toString())
                .contains("tmux_dev_screen.jsonl: line 2 is not valid JSON");
        assertThat(events.stream().filter(m -> m.tract().equals("health") && m.event().equals("notice")))
                .singleElement().satisfies(m -> assertThat(m.string("message").orElseThrow())
                        .contains("retrying does not help: the file itself is at fault").doesNotContain("retry with"));
    }

    /** audio.flac of the segment, processed as engram sense does, the provider answering {@code answer}. */
    private Sense.Outcome transcribedAs(String answer) throws Exception {
        configure();
        file("audio.flac", "fLaC audio");
        provider.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(answer).build());
        return start(1, 10).process(seg, List.of("audio.flac"), Map.of(), false, true).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aStartFarPastTheSegmentsEndFailsTheFileInsteadOfWritingANonsenseClock() throws Exception {
        Sense.Outcome o = transcribedAs("{\"segments\":[{\"start\":0,\"end\":1,\"text\":\"ok\"},"
                + "{\"start\":1e300,\"end\":1e300,\"text\":\"lost in time\"}]}");
        assertThat(o.errors()).containsExactly("audio.flac: the transcription answered a start of 1.0E300 s, past"
                + " the end of the 300 s segment: audio.jsonl not written");
        assertThat(seg.dir().resolve("audio.jsonl")).doesNotExist();
    }

    @Test
    void aStartThatIsNotANumberFailsTheFileInsteadOfWritingItAtTheSegmentsStart() throws Exception {
        Sense.Outcome o = transcribedAs("{\"segments\":[{\"start\":\"abc\",\"end\":1,\"text\":\"when?\"}]}");
        assertThat(o.errors()).singleElement().asString().startsWith("audio.flac: ")
                .contains("segments[0] with start \"abc\", not a number of seconds");
        assertThat(seg.dir().resolve("audio.jsonl")).doesNotExist();
    }

    @Test
    void anAnswerWithEmptySegmentsIsWrittenAsItsText() throws Exception {
        Sense.Outcome o = transcribedAs("{\"text\":\"only in text\",\"segments\":[],\"duration\":3}");
        assertThat(o.processed()).containsExactly("audio.flac");
        assertThat(journal.days().files(seg).audio().getFirst().utterances())
                .extracting(AudioTranscript.Utterance::start, AudioTranscript.Utterance::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00:00:00", "only in text"));
    }

    @Test
    void aPieceLongerThanAJournalLineIsWrittenAsLinesTheJournalReadsBack() throws Exception {
        StringBuilder said = new StringBuilder();
        while (said.length() < 1_000_000) {
            said.append("Die Bücher liegen auf dem Tisch 📚 und niemand liest sie \\ \"bitte\" ");
        }
        said.append("x".repeat(300_000)); // no space to cut at
        String long1 = said.toString().strip();
        Sense.Outcome o = transcribedAs("{\"segments\":[{\"start\":1,\"end\":2,\"text\":\"Before.\"},"
                + "{\"start\":7,\"end\":290,\"text\":" + JSON.writeValueAsString(long1) + "}]}");

        assertThat(o.processed()).containsExactly("audio.flac");
        assertThat(Files.readAllLines(seg.dir().resolve("audio.jsonl"))).hasSizeGreaterThan(3)
                .allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThan(1 << 20));
        List<AudioTranscript.Utterance> read = journal.days().files(seg).audio().getFirst().utterances();
        assertThat(read.getFirst().text()).isEqualTo("Before.");
        assertThat(read.subList(1, read.size())).allSatisfy(u -> assertThat(u.start()).isEqualTo("00:00:07"));
        assertThat(String.join("", read.subList(1, read.size()).stream().map(AudioTranscript.Utterance::text)
                .toList()).replace(" ", "")).isEqualTo(long1.replace(" ", ""));
    }

    @Test
    void aFileThatIsNotThereIsAnErrorNotAStuckSegment() {
        start(1, 10).observing(observing(List.of("gone.flac"), Map.of()));
        assertThat(awaitObserved().get("errors").orElseThrow().toString()).contains("gone.flac: not found");
    }

    @Test
    void mediaWithAnExtractIsSkippedUnlessRedo() throws Exception {
        configure();
        file("audio.flac", "fLaC audio");
        file("audio.jsonl", "{\"raw\":\"audio.flac\"}\n{\"start\":\"00:00:01\",\"text\":\"old\"}\n");
        Sense.Outcome skipped = start(1, 10).process(seg, List.of("audio.flac"), Map.of(), false, true)
                .get(20, TimeUnit.SECONDS);
        assertThat(skipped.skipped()).containsExactly("audio.flac");
        assertThat(provider.getRequestCount()).isZero();

        provider.enqueue(verbose());
        Sense.Outcome redone = sense.process(seg, List.of("audio.flac"), Map.of(), true, true)
                .get(20, TimeUnit.SECONDS);
        assertThat(redone.processed()).containsExactly("audio.flac");
        assertThat(Files.readString(seg.dir().resolve("audio.jsonl"))).contains("Ship it on Friday.")
                .doesNotContain("old");
    }

    @Test
    void theCallerIsNeverBlockedAndASegmentLargerThanTheQueueIsAdmittedWholeNoFileFailingForRoom() throws Exception {
        configure();
        for (int i = 0; i < 4; i++) {
            file("a" + i + "_audio.flac", "audio " + i);
            provider.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .headersDelay(1500, TimeUnit.MILLISECONDS).body(OpenAiTranscriberTest.VERBOSE).build());
        }
        // one transcription at a time, a queue of one: the segment's four files are admitted whole (the queue was
        // empty), never failed as "queue full"
        start(1, 1);
        long t0 = System.nanoTime();
        sense.observing(observing(List.of("a0_audio.flac", "a1_audio.flac", "a2_audio.flac", "a3_audio.flac"),
                Map.of()));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).as("observing() only queues").isLessThan(1000);
        assertThat(of("observed")).isEmpty();

        Message observed = awaitObserved();
        assertThat(observed.json().has("errors")).as(observed.toJson()).isFalse();
        assertThat(of("transcribed")).hasSize(4);
        assertThat(sense.health().facts()).containsEntry("deferred", 0L).containsEntry("files_failed", 0L);
    }

    @Test
    void eventsWithoutTheirFieldsOrForAnUnknownSegmentAreRejectedAndCounted() {
        start(1, 10);
        sense.observing(Message.of("observe", "observing", Map.of("day", "20260315", "segment", "093000_300")));
        sense.observing(Message.of("observe", "observing", Map.of("day", "20260315", "segment", "100000_300",
                "files", List.of("audio.flac"))));
        sense.observing(Message.of("observe", "observing", Map.of("day", "2026-03-15", "segment", "093000_300",
                "files", List.of("audio.flac"))));
        assertThat(sense.health().facts()).containsEntry("rejected_events", 3L);
        assertThat(of("observed")).isEmpty();
    }

    @Test
    void anEmitTheBusRefusesIsCountedAndShownNotSilentlyDropped() throws Exception {
        file("photo.png", "x");
        List<Message> tried = new CopyOnWriteArrayList<>();
        sense = new Sense(journal, m -> tried.add(m) && false, // a bus whose queue is full: emit() answers false
                new OpenAiTranscriber(new OutboundHttp(journal), () -> SenseSettings.transcribe(journal,
                        k -> null), ms -> { }), OcrFrameReader.forJournal(journal), 1, 10);
        sense.start();
        sense.observing(observing(List.of("photo.png"), Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> tried.stream().anyMatch(m -> m.event().equals("observed")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !sense.health().facts().get("emits_dropped").equals(0L));
        var health = sense.health();
        assertThat(health.state()).isEqualTo(dev.engram.app.Health.State.DEGRADED);
        assertThat(health.detail()).contains("observe.observed 20260315/093000_300").contains("--redo");
    }

    @Test
    void aSegmentWithNothingForSenseIsObservedAtOnce() throws Exception {
        file("photo.png", "x");
        start(1, 10).observing(observing(List.of("photo.png"), Map.of()));
        Message observed = awaitObserved();
        assertThat(observed.json().has("errors")).isFalse();
        assertThat(of("detected")).isEmpty();
    }
}
