package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.SpawnsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram import} of audio: real ffmpeg, a local server speaking the OpenAI transcription wire format. */
@SpawnsProcesses
class ImportMediaCommandTest {
    @TempDir
    Path tmp;
    Path root;
    Journal journal;
    Path tone;
    MockWebServer provider;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("journal");
        journal = Journal.create(root, "Ada");
        tone = tmp.resolve("voice memo.wav");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=300:sample_rate=8000:duration=20", "-ac", "1", tone.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        provider = new MockWebServer();
        provider.start();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private MainTest.Result importFile(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("import", "--journal",
                root.toString(), "--socket", tmp.resolve("nobus.sock").toString()), java.util.stream.Stream.of(args))
                .toArray(String[]::new);
        return MainTest.run(all);
    }

    @Test
    void withoutAProviderItSaysHowToConfigureOneInOneLineAndWritesNothing() throws Exception {
        MainTest.Result r = importFile(tone.toString(), "--timestamp", "20240115_093000");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("transcription provider").contains("sense.transcribe.base_url");
        assertThat(journal.imports().ids()).isEmpty();
        assertThat(provider.getRequestCount()).isZero();
    }

    @Test
    void audioIsTranscribedIntoASegmentWithItsSliceAndProgressIsPrinted() throws Exception {
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        provider.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Remember the milk.\",\"duration\":20.0,\"language\":\"english\","
                        + "\"segments\":[{\"start\":3.2,\"end\":5.0,\"text\":\" Remember the milk.\"}]}").build());
        MainTest.Result r = importFile(tone.toString(), "--timestamp", "20240115_093000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("transcribed 1 of 1 windows").contains("(audio): 1 segment")
                .contains("20240115/093000_20");
        assertThat(journal.days().segments(Day.parse("20240115"))).hasSize(1);
        Path seg = root.resolve("20240115/093000_20");
        assertThat(Files.readString(seg.resolve("imported_audio.jsonl")))
                .contains("{\"start\":\"09:30:03\",\"text\":\"Remember the milk.\",\"source\":\"import\"}");
        assertThat(Files.size(seg.resolve("imported_audio.wav"))).isGreaterThan(1000);

        MainTest.Result again = importFile(tone.toString(), "--timestamp", "20240115_093000");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already imported");
        assertThat(provider.getRequestCount()).isEqualTo(1);
    }
}
