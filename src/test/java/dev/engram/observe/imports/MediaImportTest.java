package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.testing.SpawnsProcesses;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audio import end to end: real ffmpeg makes an 11-minute tone (3 windows), the importer slices it with ffmpeg and
 * transcribes each slice through a local server speaking the OpenAI {@code /v1/audio/transcriptions} wire format.
 */
@SpawnsProcesses
class MediaImportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path media;
    static Path tone;

    @TempDir
    Path tmp;
    Journal journal;
    MockWebServer provider;
    final List<Message> events = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile int failOnCall = -1;
    /** What every window says when set, instead of "Window n.". */
    volatile String longPiece;
    Importer importer;

    @BeforeAll
    static void makeTone() throws Exception {
        tone = media.resolve("meeting.flac");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=8000:duration=660", "-ac", "1", tone.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @BeforeEach
    void setUp() throws Exception {
        journal = Journal.create(tmp.resolve("journal"), "Ada");
        provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = calls.incrementAndGet();
                if (n == failOnCall) {
                    return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\"}}")
                            .build();
                }
                String said = JSON.writeValueAsString(longPiece != null ? longPiece : " Window " + n + ".");
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":300.0,\"text\":"
                                + said + ",\"segments\":[{\"id\":0,\"seek\":0,\"start\":1.5,\"end\":4.0,\"text\":"
                                + said + ",\"tokens\":[1],\"temperature\":0.0,\"avg_logprob\":-0.2,"
                                + "\"compression_ratio\":1.0,\"no_speech_prob\":0.01}]}")
                        .build();
            }
        });
        provider.start();
        importer = Importer.withMedia(journal, m -> events.add(m),
                OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)));
    }

    @AfterEach
    void tearDown() {
        importer.close();
        provider.close();
    }

    private void configure() {
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1",
                        "api_key", "sk-never-shown")))));
    }

    private static ImportOptions options() {
        return new ImportOptions("meeting.flac", Optional.of(LocalDateTime.of(2024, 1, 15, 9, 30)),
                Optional.empty(), Optional.empty());
    }

    private ImportResult importTone(Importer.Progress progress) throws Exception {
        try (InputStream in = Files.newInputStream(tone)) {
            return importer.importFile(in, options(), progress);
        }
    }

    private List<String> segments() {
        return journal.days().segments(Day.parse("20240115")).stream().map(s -> s.key().key()).toList();
    }

    @Test
    void audioBecomesFiveMinuteSegmentsWithTranscriptsAtClockTimesAndTheirSlices() throws Exception {
        configure();
        List<String> progress = new CopyOnWriteArrayList<>();
        ImportResult r = importTone((id, done, total) -> progress.add(done + "/" + total));
        assertThat(r.status()).isEqualTo("imported");
        assertThat(r.kind()).isEqualTo("audio");
        assertThat(r.segments()).containsExactly("20240115/093000_300", "20240115/093500_300", "20240115/094000_60");
        assertThat(segments()).containsExactly("093000_300", "093500_300", "094000_60");
        assertThat(progress).containsExactly("0/3", "1/3", "2/3", "3/3");
        assertThat(calls.get()).isEqualTo(3);
        Path root = journal.root();
        List<String> second = Files.readAllLines(root.resolve("20240115/093500_300/imported_audio.jsonl"));
        JsonNode meta = JSON.readTree(second.get(0));
        assertThat(meta.path("imported").path("id").asString()).isEqualTo(r.id());
        assertThat(meta.path("raw").asString()).isEqualTo("../../imports/" + r.id() + "/meeting.flac");
        JsonNode line = JSON.readTree(second.get(1));
        assertThat(line.path("start").asString()).isEqualTo("09:35:01");
        assertThat(line.path("text").asString()).isEqualTo("Window 2.");
        assertThat(line.path("source").asString()).isEqualTo("import");
        assertThat(seconds(root.resolve("20240115/093000_300/imported_audio.flac"))).isBetween(299.0, 301.0);
        assertThat(seconds(root.resolve("20240115/094000_60/imported_audio.flac"))).isBetween(59.0, 61.0);
        try (var files = Files.list(root.resolve("imports/" + r.id()))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("meeting.flac", "import.json");
        }
        JsonNode record = JSON.readTree(root.resolve("imports/" + r.id() + "/import.json").toFile());
        assertThat(record.path("status").asString()).isEqualTo("done");
        assertThat(record.path("file_type").asString()).isEqualTo("audio");
        assertThat(record.path("mime_type").asString()).isEqualTo("audio/flac");
        assertThat(record.path("progress").path("done").asInt()).isEqualTo(3);
        assertThat(observed()).containsExactly("093000_300", "093500_300", "094000_60");

        ImportResult again = importTone((id, done, total) -> { });
        assertThat(again.status()).isEqualTo("duplicate");
        assertThat(again.id()).isEqualTo(r.id());
        assertThat(calls.get()).isEqualTo(3);
        assertThat(segments()).hasSize(3);
        assertThat(journal.imports().ids()).containsExactly(r.id());
    }

    @Test
    void aTranscribedPieceLongerThanAJournalLineIsImportedAsLinesTheJournalReadsBack() throws Exception {
        configure();
        longPiece = ("Ein Satz über nichts 📚 und alles. ".repeat(40_000) + "x".repeat(200_000)).strip();
        ImportResult r = importTone((id, done, total) -> { });
        assertThat(r.status()).isEqualTo("imported");
        Path file = journal.root().resolve("20240115/093000_300/imported_audio.jsonl");
        assertThat(Files.readAllLines(file)).hasSizeGreaterThan(3)
                .allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThan(1 << 20));
        List<AudioTranscript.Utterance> read = journal.days().files(journal.days().segments(Day.parse("20240115"))
                .getFirst()).audio().getFirst().utterances();
        assertThat(read).allSatisfy(u -> assertThat(u.start()).isEqualTo("09:30:01"));
        assertThat(String.join("", read.stream().map(AudioTranscript.Utterance::text).toList()).replace(" ", ""))
                .isEqualTo(longPiece.replace(" ", ""));
    }

    @Test
    void withoutAProviderTheImportIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> importer.check(options())).isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).reasonCode()).isEqualTo("not_configured"))
                .hasMessageContaining("sense.transcribe.base_url");
        assertThatThrownBy(() -> importTone((id, d, t) -> { })).isInstanceOf(ImportException.class)
                .hasMessageContaining("transcription provider");
        assertThat(journal.imports().ids()).isEmpty();
        assertThat(calls.get()).isZero();
    }

    @Test
    void aProviderErrorInTheSecondWindowLeavesNoSegmentAndAFailedRecordInTheBackground() throws Exception {
        configure();
        failOnCall = 2;
        ImportResult r;
        try (InputStream in = Files.newInputStream(tone)) {
            r = importer.start(in, options());
        }
        String id = r.id();
        await().atMost(Duration.ofSeconds(60)).until(() -> journal.imports().record(id)
                .map(x -> !x.path("status").asString("").equals("importing")).orElse(false));
        JsonNode record = journal.imports().record(id).orElseThrow();
        assertThat(record.path("status").asString()).isEqualTo("failed");
        assertThat(record.path("error").asString()).contains("Invalid file format").doesNotContain("sk-never");
        assertThat(segments()).isEmpty();
        assertThat(observed()).isEmpty();
        try (var files = Files.list(journal.root().resolve("imports/" + id))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("meeting.flac", "import.json");
        }
        // fixed provider: the same file imports now (a failed import does not count as done)
        failOnCall = -1;
        assertThat(importTone((i, d, t) -> { }).status()).isEqualTo("imported");
        assertThat(segments()).hasSize(3);
    }

    @Test
    void anOriginalNamedLikeAWorkingFileIsKeptAndTheWorkingFilesAreRemoved() throws Exception {
        configure();
        ImportResult r;
        try (InputStream in = Files.newInputStream(tone)) {
            r = importer.importFile(in, new ImportOptions("slice-000.flac", Optional.of(LocalDateTime.of(2024, 1,
                    15, 9, 30)), Optional.empty(), Optional.empty()), (id, d, t) -> { });
        }
        assertThat(r.status()).isEqualTo("imported");
        try (var files = Files.list(journal.root().resolve("imports/" + r.id()))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("slice-000.flac", "import.json");
        }
        assertThat(Files.size(journal.root().resolve("imports/" + r.id() + "/slice-000.flac")))
                .isEqualTo(Files.size(tone));
    }

    private List<String> observed() {
        List<String> out = new ArrayList<>();
        for (Message m : events) {
            if (m.tract().equals("observe") && m.event().equals("observed")) {
                out.add(m.json().path("segment").asString());
            }
        }
        return out;
    }

    private static double seconds(Path audio) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", audio.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Double.parseDouble(out);
    }
}
