package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.SocketDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram sense}: processes a day again, reports each segment, fails (exit 1) when a file fails. */
class SenseCommandTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final SocketDir sockets = new SocketDir("engsense");

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
            assertThat(none.err().lines()).containsExactly("engram sense: no Engram is running (no bus at " + socket
                    + "): the media is processed, no observe.* events are sent",
                    "engram sense: 1 file(s) failed (listed above)");

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
            // audio.jsonl is the audio's extract, not a capture of its own: not counted as checked
            assertThat(again.out()).contains("0 processed, 1 skipped, 0 checked, 0 failed");
            MainTest.Result redo = MainTest.run("sense", "--day", "20260402", "--redo", "--journal", root,
                    "--socket", socket);
            assertThat(redo.out()).contains("1 processed, 0 skipped, 0 checked, 0 failed");
            assertThat(provider.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void segmentLimitsTheRunToThatSegmentAndARunningBusGetsItsEventsAsABatch() throws Exception {
        Path socket = sockets.resolve("bus.sock");
        List<Message> heard = new CopyOnWriteArrayList<>();
        try (MockWebServer provider = new MockWebServer();
             CallosumServer bus = CallosumServer.start(ServerConfig.of(socket));
             CallosumClient listener = CallosumClient.start(socket, heard::add)) {
            provider.start();
            Journal journal = BulkJournal.create(tmp.resolve("j"), "Ada");
            Segment seg = journal.days().createSegment(Day.parse("20260402"), SegmentKey.of(LocalTime.of(10, 0), 60));
            Segment other = journal.days().createSegment(Day.parse("20260402"), SegmentKey.of(LocalTime.of(10, 5), 60));
            Files.writeString(seg.dir().resolve("audio.flac"), "fLaC");
            Files.writeString(other.dir().resolve("audio.flac"), "fLaC");
            journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                    Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "m")))));
            for (int i = 0; i < 2; i++) { // enough for both segments: a run that ignores --segment fails below
                provider.enqueue(new MockResponse.Builder().code(200).body("{\"text\":\"Hi.\"}").build());
            }
            // the listener is subscribed once it hears a message of its own
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                CallosumClient.send(socket, Message.of("test", "ping", Map.of()));
                return heard.stream().anyMatch(m -> m.tract().equals("test"));
            });

            MainTest.Result r = MainTest.run("sense", "--day", "20260402", "--segment", "100000_60", "--journal",
                    journal.root().toString(), "--socket", socket.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).as("a running bus: nothing to say").isEmpty();
            assertThat(r.out()).contains("20260402/100000_60: 1 processed").doesNotContain("100500_60");
            assertThat(provider.getRequestCount()).isEqualTo(1);
            assertThat(Files.exists(other.dir().resolve("audio.jsonl"))).as("the other segment is untouched").isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream()
                    .anyMatch(m -> m.tract().equals("observe") && m.event().equals("observed")));
            List<Message> observe = heard.stream().filter(m -> m.tract().equals("observe")).toList();
            assertThat(observe).extracting(Message::event)
                    .containsExactlyInAnyOrder("detected", "transcribed", "observed");
            assertThat(observe).allSatisfy(m -> {
                assertThat(m.string("segment")).contains("100000_60");
                assertThat(m.get("batch").orElseThrow().asBoolean()).isTrue();
            });
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
        for (String bad : new String[] {"100000_0", "999999_60", "246000_60"}) { // no length; not a time of day
            MainTest.Result b = MainTest.run("sense", "--day", "20260402", "--segment", bad, "--journal",
                    journal.root().toString());
            assertThat(b.code()).as(bad).isEqualTo(2);
            assertThat(b.err()).as(bad).contains("invalid segment '" + bad + "'");
        }
        MainTest.Result missing = MainTest.run("sense", "--day", "20260402", "--segment", "100000_60", "--journal",
                journal.root().toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no segment 20260402/100000_60");
    }
}
