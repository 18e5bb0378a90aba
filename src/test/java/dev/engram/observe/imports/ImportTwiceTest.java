package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.testing.SpawnsProcesses;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video, Markdown and PDF imports, each imported twice: the second is a duplicate and adds nothing. The video is a real
 * 2 s mp4 made by ffmpeg (test pattern and a tone), transcribed through a local server speaking the OpenAI
 * {@code /v1/audio/transcriptions} wire format: one call for its one 5-minute window.
 */
@SpawnsProcesses
class ImportTwiceTest {
    @TempDir
    Path tmp;
    Journal journal;
    MockWebServer provider;
    final List<Message> events = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    Importer importer;

    @BeforeEach
    void setUp() throws Exception {
        journal = Journal.create(tmp.resolve("journal"), "Ada");
        provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = calls.incrementAndGet();
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":2.0,\"text\":\"Clip "
                                + n + ".\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":0.5,\"end\":1.5,\"text\":"
                                + "\" Clip " + n + ".\",\"tokens\":[1],\"temperature\":0.0,\"avg_logprob\":-0.2,"
                                + "\"compression_ratio\":1.0,\"no_speech_prob\":0.01}]}")
                        .build();
            }
        });
        provider.start();
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        importer = Importer.withMedia(journal, events::add,
                OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)));
    }

    @AfterEach
    void tearDown() {
        importer.close();
        provider.close();
    }

    private ImportResult importFile(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return importer.importFile(in, new ImportOptions(file.getFileName().toString(),
                    Optional.of(LocalDateTime.of(2024, 1, 15, 9, 30)), Optional.empty(), Optional.empty()),
                    (id, done, total) -> { });
        }
    }

    private List<String> segments() {
        return journal.days().segments(Day.parse("20240115")).stream().map(s -> s.key().key()).toList();
    }

    private long observed() {
        return events.stream().filter(m -> m.tract().equals("observe") && m.event().equals("observed")).count();
    }

    /** Imports twice: the first imports {@code kind}, the second is a duplicate of it and changes nothing. */
    private ImportResult twice(Path file, String kind) throws Exception {
        ImportResult first = importFile(file);
        assertThat(first.status()).isEqualTo("imported");
        assertThat(first.kind()).isEqualTo(kind);
        assertThat(first.segments()).isNotEmpty();
        List<String> segments = segments();
        long announced = observed();
        int provided = calls.get();
        ImportResult again = importFile(file);
        assertThat(again.status()).isEqualTo("duplicate");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.segments()).isEqualTo(first.segments());
        assertThat(segments()).isEqualTo(segments);
        assertThat(observed()).isEqualTo(announced);
        assertThat(calls.get()).isEqualTo(provided);
        assertThat(journal.imports().ids()).containsExactly(first.id());
        return first;
    }

    @Test
    void videoTwiceOneWindowOneProviderCall() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc=duration=2:size=160x120:rate=5", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=8000:duration=2", "-c:v", "mpeg4", "-c:a", "aac", "-shortest",
                clip.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        ImportResult r = twice(clip, "video");
        assertThat(r.segments()).hasSize(1).allMatch(s -> s.startsWith("20240115/093000_"));
        assertThat(calls.get()).isEqualTo(1); // one 5-minute window, one call
        Path segment = journal.root().resolve(r.segments().getFirst());
        List<String> lines = Files.readAllLines(segment.resolve("imported_audio.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"text\":\"Clip 1.\"", "\"start\":\"09:30:00\"");
        assertThat(observed()).isEqualTo(1);
    }

    @Test
    void markdownTwice() throws Exception {
        Path md = tmp.resolve("notes.md");
        Files.writeString(md, "# Standup\n\n[09:31] Ada: the release is on Friday\n[09:33] Bob: tests are green\n");
        ImportResult r = twice(md, "transcript");
        assertThat(String.join("\n", Files.readAllLines(journal.root().resolve(r.segments().getFirst())
                .resolve("imported_audio.jsonl")))).contains("the release is on Friday");
        // the importer's stream, import.<kind>, recorded in the segment
        assertThat(Files.readString(journal.root().resolve(r.segments().getFirst()).resolve("stream.json")))
                .isEqualTo("{\"stream\":\"import.transcript\"}\n");
        assertThat(calls.get()).isZero();
    }

    @Test
    void pdfTwice() throws Exception {
        Path pdf = tmp.resolve("letter.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 700);
                text.showText("The lease ends in March");
                text.endText();
            }
            doc.save(pdf.toFile());
        }
        ImportResult r = twice(pdf, "document");
        assertThat(String.join("\n", Files.readAllLines(journal.root().resolve(r.segments().getFirst())
                .resolve("imported_audio.jsonl")))).contains("The lease ends in March");
        assertThat(calls.get()).isZero();
    }
}
