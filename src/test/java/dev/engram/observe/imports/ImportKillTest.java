package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram import} of audio in its own JVM, killed (-9) while its first window is being transcribed: while it
 * runs, the same file is refused here; after it died, importing the file again resumes that import under its id and
 * removes what it left in {@code .work/}.
 */
@SpawnsProcesses
class ImportKillTest {
    @TempDir
    Path tmp;
    final CountDownLatch asked = new CountDownLatch(1);
    final CountDownLatch answer = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    MockWebServer provider;

    @AfterEach
    void tearDown() {
        answer.countDown();
        provider.close();
    }

    @Test
    void aKilledImportHoldsNothingAndIsResumedUnderItsIdWithItsWorkingFilesRemoved() throws Exception {
        Path root = tmp.resolve("journal");
        Journal journal = Journal.create(root, "Ada");
        Path tone = tmp.resolve("memo.wav");
        Process ff = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=300:sample_rate=8000:duration=20", "-ac", "1", tone.toString())
                .redirectErrorStream(true).start();
        assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
        provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (calls.incrementAndGet() == 1) { // the child's call: it is killed while it waits
                    asked.countDown();
                    answer.await(60, TimeUnit.SECONDS);
                }
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"text\":\"Remember the milk.\",\"duration\":20.0,\"segments\":[{\"start\":3.0,"
                                + "\"end\":5.0,\"text\":\" Remember the milk.\"}]}").build();
            }
        });
        provider.start();
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));

        Process child = new ProcessBuilder(ChildJvm.engram("import", tone.toString(), "--journal", root.toString(),
                "--socket", tmp.resolve("nobus.sock").toString(), "--timestamp", "20240115_093000"))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.out").toFile()).start();
        try (Importer importer = Importer.withMedia(journal, m -> true,
                OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)))) {
            assertThat(asked.await(60, TimeUnit.SECONDS)).as("the child asked for its transcript").isTrue();
            String id = journal.imports().ids().getFirst();
            assertThatThrownBy(() -> importTone(importer, tone)).isInstanceOf(ImportException.class)
                    .satisfies(e -> assertThat(((ImportException) e).reasonCode()).isEqualTo("already_importing"))
                    .hasMessageContaining("as " + id);

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Path folder = root.resolve("imports").resolve(id);
            assertThat(journal.imports().record(id).orElseThrow().path("status").asString()).isEqualTo("importing");
            assertThat(folder.resolve(MediaStep.WORK)).isDirectory();

            ImportResult r = importTone(importer, tone);
            assertThat(r.status()).isEqualTo("imported");
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.notes().getFirst()).contains("retried the interrupted import " + id);
            assertThat(journal.imports().ids()).containsExactly(id);
            try (var files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .containsExactlyInAnyOrder("memo.wav", "import.json");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static ImportResult importTone(Importer importer, Path tone) throws Exception {
        try (InputStream in = Files.newInputStream(tone)) {
            return importer.importFile(in, new ImportOptions("memo.wav", Optional.of(LocalDateTime.of(2024, 1, 15,
                    9, 30)), Optional.empty(), Optional.empty()), (id, d, t) -> { });
        }
    }
}
