package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram sense}: processes a day again, reports each segment, fails (exit 1) when a file fails. */
class SenseCommandTest {
    @TempDir
    Path tmp;

    @Test
    void processesTheDaysAudioAndSkipsItTheSecondTimeUnlessRedo() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            provider.start();
            Journal journal = BulkJournal.create(tmp.resolve("j"), "Ada");
            Segment seg = journal.days().createSegment(Day.parse("20260402"), SegmentKey.of(LocalTime.of(10, 0), 60));
            Files.writeString(seg.dir().resolve("audio.flac"), "fLaC");
            String root = journal.root().toString();
            String socket = tmp.resolve("no-bus.sock").toString();

            MainTest.Result none = MainTest.run("sense", "--day", "20260402", "--journal", root, "--socket", socket);
            assertThat(none.code()).isEqualTo(1);
            assertThat(none.out()).contains("20260402/100000_60: 0 processed, 0 skipped, 0 checked, 1 failed")
                    .contains("failed: audio.flac: no transcription endpoint is configured");
            assertThat(none.err().strip()).isEqualTo("engram sense: 1 file(s) failed (listed above)");

            journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                    Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "m")))));
            for (int i = 0; i < 2; i++) {
                provider.enqueue(new MockResponse.Builder().code(200).body("{\"text\":\"Hi.\"}").build());
            }
            MainTest.Result ok = MainTest.run("sense", "--day", "20260402", "--journal", root, "--socket", socket);
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("1 processed, 0 skipped, 0 checked, 0 failed");
            assertThat(Files.readString(seg.dir().resolve("audio.jsonl"))).contains("Hi.");

            MainTest.Result again = MainTest.run("sense", "--day", "20260402", "--segment", "100000_60", "--journal",
                    root, "--socket", socket);
            assertThat(again.out()).contains("0 processed, 1 skipped, 1 checked, 0 failed");
            MainTest.Result redo = MainTest.run("sense", "--day", "20260402", "--redo", "--journal", root,
                    "--socket", socket);
            assertThat(redo.out()).contains("1 processed, 0 skipped, 1 checked, 0 failed");
            assertThat(provider.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void badArgumentsAreOneLineAndExit2() {
        Journal journal = BulkJournal.create(tmp.resolve("j"), "Ada");
        MainTest.Result r = MainTest.run("sense", "--day", "2026-04-02", "--journal", journal.root().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElseThrow()).contains("invalid day '2026-04-02'");
        MainTest.Result s = MainTest.run("sense", "--day", "20260402", "--segment", "nope", "--journal",
                journal.root().toString());
        assertThat(s.code()).isEqualTo(2);
        MainTest.Result missing = MainTest.run("sense", "--day", "20260402", "--segment", "100000_60", "--journal",
                journal.root().toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no segment 20260402/100000_60");
    }
}
