package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.AudioTranscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running Engram hears observe.observing on its bus, transcribes the audio and announces observe.observed. */
class SenseOnTheBusTest {
    @TempDir
    Path tmp;
    Path sockets;
    MockWebServer provider;

    @BeforeEach
    void setUp() throws IOException {
        sockets = Files.createTempDirectory(Path.of("/tmp"), "engsense");
        provider = new MockWebServer();
        provider.start();
    }

    @AfterEach
    void cleanup() throws IOException {
        provider.close();
        try (var s = Files.list(sockets)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(sockets);
    }

    @Test
    void anObservingSegmentIsTranscribedAndObserved() throws Exception {
        Journal journal = Journal.create(tmp.resolve("journal"), "Bus Owner");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        Segment seg = journal.days().createSegment(Day.parse("20260401"), SegmentKey.of(LocalTime.of(8, 0), 300));
        Files.writeString(seg.dir().resolve("audio.flac"), "fLaC");
        provider.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Good morning.\",\"segments\":[{\"start\":1.0,\"end\":2.0,\"text\":\"Good morning.\"}]}")
                .build());
        Path socket = sockets.resolve("bus.sock");
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket)))) {
            List<Message> seen = new CopyOnWriteArrayList<>();
            try (CallosumClient listener = CallosumClient.start(socket, m -> {
                if (m.tract().equals("observe")) {
                    seen.add(m);
                }
            })) {
                await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
                listener.emit(Message.of("observe", "observing", Map.of("day", "20260401", "segment", "080000_300",
                        "files", List.of("audio.flac"), "remote", "phone")));
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream()
                        .anyMatch(m -> m.event().equals("observed")));
            }
            Message observed = seen.stream().filter(m -> m.event().equals("observed")).findFirst().orElseThrow();
            assertThat(observed.json().has("errors")).as(observed.toJson()).isFalse();
            assertThat(observed.string("remote")).contains("phone");
            assertThat(seen).extracting(Message::event).contains("detected", "transcribed");
            assertThat(Files.readString(seg.dir().resolve("audio.jsonl"))).contains("Good morning.");
            assertThat(engram.health().services()).containsKey("sense");
            assertThat(engram.health().services().get("sense").facts()).containsEntry("files_done", 1L);
        }
    }
}
