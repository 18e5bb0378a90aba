package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.MediaRepair;
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
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sense writes, and counts as done, only its own extract of a media file ({@code raw} naming it) or an import's
 * transcript; any other {@code <stem>.jsonl} is left as it is and the media file is a named error, never a silent
 * skip or an overwrite, with or without {@code --redo}.
 */
class SenseExtractOwnerTest {
    private static final String IMPORTED = "{\"imported\":{\"id\":\"20261129_140000\",\"facet\":\"work\","
            + "\"setting\":\"\"},\"raw\":\"../../imports/20261129_140000/talk.wav\"}\n"
            + "{\"start\":\"14:00:00\",\"text\":\"Imported words.\",\"source\":\"import\"}\n";
    private static final String CAPTURE = "{\"raw\":\"tmux\"}\n{\"frame_id\":1,\"timestamp\":0,\"analysis\":{}}\n";
    @TempDir
    Path dir;
    private MockWebServer provider;
    private Journal journal;
    private Segment seg;
    private final List<Message> events = new CopyOnWriteArrayList<>();
    private Sense sense;

    @BeforeEach
    void setUp() throws IOException {
        provider = new MockWebServer();
        provider.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        seg = journal.days().createSegment(Day.parse("20261129"), SegmentKey.of(LocalTime.of(14, 0), 300));
        SenseTest.configure(journal, provider);
        sense = SenseTest.started(journal, events::add, 1, 10);
    }

    @AfterEach
    void tearDown() {
        sense.stop();
        provider.close();
    }

    private void file(String name, String content) throws IOException {
        Files.writeString(seg.dir().resolve(name), content, StandardCharsets.UTF_8);
    }

    private String read(String name) throws IOException {
        return Files.readString(seg.dir().resolve(name), StandardCharsets.UTF_8);
    }

    private Sense.Outcome process(List<String> files, boolean redo) throws Exception {
        return sense.process(seg, files, Map.of(), redo, true).get(20, TimeUnit.SECONDS);
    }

    private void answers(int n) {
        for (int i = 0; i < n; i++) {
            provider.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"text\":\"Sense words.\"}").build());
        }
    }

    @Test
    void anImportsTranscriptIsDoneEvenWithRedoAndNeverOverwritten() throws Exception {
        file("imported_audio.flac", "fLaC slice");
        file("imported_audio.jsonl", IMPORTED);
        answers(1);
        Sense.Outcome o = process(List.of("imported_audio.flac", "imported_audio.jsonl"), true);
        assertThat(o.skipped()).containsExactly("imported_audio.flac");
        assertThat(o.errors()).isEmpty();
        assertThat(read("imported_audio.jsonl")).isEqualTo(IMPORTED);
        assertThat(provider.getRequestCount()).as("no paid transcription").isZero();
    }

    @Test
    void anUploadedCaptureSharingTheStemIsANamedErrorWithRedoAndNotOverwritten() throws Exception {
        file("notes.flac", "fLaC audio");
        file("notes.jsonl", CAPTURE);
        answers(1);
        Sense.Outcome o = process(List.of("notes.flac", "notes.jsonl"), true);
        assertThat(o.errors()).containsExactly(
                "notes.flac: notes.jsonl exists and is not the extract of notes.flac: not overwritten");
        assertThat(o.checked()).containsExactly("notes.jsonl");
        assertThat(read("notes.jsonl")).isEqualTo(CAPTURE);
        assertThat(provider.getRequestCount()).isZero();
    }

    private List<String> notices() {
        return events.stream().filter(m -> m.tract().equals("health") && m.event().equals("notice"))
                .map(m -> m.string("message").orElseThrow()).toList();
    }

    @Test
    void theNoticeOfAFileARetryCannotFixSaysWhatTheOwnerMustDo() throws Exception {
        file("notes.flac", "fLaC audio");
        file("notes.jsonl", CAPTURE);
        process(List.of("notes.flac"), false);
        assertThat(notices()).singleElement().asString()
                .contains("move notes.jsonl out of the segment folder to have notes.flac read (sense does not"
                        + " overwrite it), then engram sense --day 20261129 --segment 140000_300")
                .doesNotContain("retry");

        file("talk.wav", "RIFF audio");
        file("talk.flac", "fLaC audio");
        for (int i = 0; i < 2; i++) { // a failure a retry may fix (the one retry included), after the first
            provider.enqueue(new MockResponse.Builder().code(503).build());
        }
        process(List.of("talk.wav", "talk.flac"), false);
        assertThat(notices()).hasSize(2).last().asString()
                .contains("talk.wav: talk.jsonl is also the output of talk.flac")
                .contains("rename talk.wav to have it read too (its extract is named after it), then engram sense"
                        + " --day 20261129 --segment 140000_300; retry the other failures with engram sense --day"
                        + " 20261129 --segment 140000_300");
    }

    @Test
    void onArrivalAVideoBesideAForeignCaptureIsAnErrorOfTheObservedEventNotASilentSkip() throws Exception {
        file("notes.webm", "not read: decided before dispatch");
        file("notes.jsonl", CAPTURE);
        sense.observing(Message.of("observe", "observing", Map.of("day", "20261129", "segment", "140000_300",
                "files", List.of("notes.webm", "notes.jsonl"), "observer", "test.up")));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(m -> m.event().equals("observed")));
        Message observed = events.stream().filter(m -> m.event().equals("observed")).findFirst().orElseThrow();
        assertThat(observed.get("errors").orElseThrow().toString())
                .contains("notes.webm: notes.jsonl exists and is not the extract of notes.webm: not overwritten");
        assertThat(read("notes.jsonl")).isEqualTo(CAPTURE);
        assertThat(sense.health().facts()).containsEntry("files_skipped", 0L);
    }

    @Test
    void twoMediaFilesWithOneOutputTheFirstByNameIsProcessedTheOtherIsAnError() throws Exception {
        file("talk.wav", "RIFF audio");
        file("talk.flac", "fLaC audio");
        answers(2);
        Sense.Outcome o = process(List.of("talk.wav", "talk.flac"), false);
        assertThat(o.processed()).containsExactly("talk.flac");
        assertThat(o.errors()).containsExactly(
                "talk.wav: talk.jsonl is also the output of talk.flac, which is processed: not written for talk.wav");
        assertThat(read("talk.jsonl")).startsWith("{\"raw\":\"talk.flac\"");
        assertThat(provider.getRequestCount()).isEqualTo(1);

        answers(1);
        Sense.Outcome again = process(List.of("talk.wav", "talk.flac"), true);
        assertThat(again.processed()).containsExactly("talk.flac");
        assertThat(again.errors()).containsExactly(
                "talk.wav: talk.jsonl exists and is not the extract of talk.wav: not overwritten");
    }

    @Test
    void aCaptureArrivingWhileTheAudioIsTranscribedIsNotOverwritten() throws Exception {
        file("notes.flac", "fLaC audio");
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    file("notes.jsonl", CAPTURE); // an observer's upload, after the plan, before the write
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new MockResponse.Builder().code(200).body("{\"text\":\"Sense words.\"}").build();
            }
        });
        Sense.Outcome o = process(List.of("notes.flac"), false);
        assertThat(o.errors()).containsExactly(
                "notes.flac: notes.jsonl exists and is not the extract of notes.flac: not overwritten");
        assertThat(read("notes.jsonl")).isEqualTo(CAPTURE);
        assertThat(notices()).singleElement().asString().contains("move notes.jsonl out of the segment folder");
    }

    @Test
    void theDailyRepairNamesMediaBesideAForeignFileInsteadOfCountingItDone() throws Exception {
        file("notes.flac", "fLaC audio");
        file("notes.jsonl", CAPTURE);
        MediaRepair.Result r = sense.repair(seg.day()).get(20, TimeUnit.SECONDS);
        assertThat(r.errors()).containsExactly(
                "140000_300/notes.flac: notes.jsonl exists and is not the extract of notes.flac: not overwritten");
        assertThat(read("notes.jsonl")).isEqualTo(CAPTURE);
    }

    @Test
    void aSolstoneTranscriptNamingAnotherRawFileCountsAsDoneButIsNotRedone() throws Exception {
        String older = "{\"raw\": \"raw.flac\", \"model\": \"whisper-1\", \"duration\": 45}\n"
                + "{\"start\": \"00:00:01\", \"text\": \"From the reference.\"}\n";
        file("audio.flac", "fLaC audio");
        file("audio.jsonl", older);
        Sense.Outcome o = process(List.of("audio.flac"), false);
        assertThat(o.skipped()).containsExactly("audio.flac");
        assertThat(o.errors()).isEmpty();
        assertThat(sense.repair(seg.day()).get(20, TimeUnit.SECONDS).errors()).isEmpty();
        Sense.Outcome redo = process(List.of("audio.flac"), true);
        assertThat(redo.errors()).containsExactly("audio.flac: audio.jsonl is an older pipeline's extract (its raw is"
                + " raw.flac): not overwritten by --redo; move it aside to redo audio.flac");
        assertThat(read("audio.jsonl")).isEqualTo(older);
        assertThat(provider.getRequestCount()).isZero();
    }

    @Test
    void aBatchRedoKeepsTheSegmentsOriginFromItsStreamFileAndItsExtractsHeader() throws Exception {
        file("stream.json", "{\"stream\":\"test.up\"}\n");
        file("two.flac", "fLaC audio");
        file("two.jsonl", "{\"raw\":\"two.flac\",\"observer\":\"test.up\"}\n"
                + "{\"start\":\"00:00:01\",\"text\":\"old\"}\n");
        answers(1);
        Sense.Outcome o = process(List.of("two.flac", "two.jsonl", "stream.json"), true); // as engram sense does
        assertThat(o.processed()).containsExactly("two.flac");
        assertThat(read("two.jsonl")).startsWith("{\"raw\":\"two.flac\",").contains("\"observer\":\"test.up\"")
                .contains("Sense words.");
        Message observed = events.stream().filter(m -> m.event().equals("observed")).findFirst().orElseThrow();
        assertThat(observed.string("observer")).contains("test.up");
        assertThat(observed.string("stream")).contains("test.up");
        assertThat(observed.get("batch").orElseThrow().asBoolean()).isTrue();
    }
}
