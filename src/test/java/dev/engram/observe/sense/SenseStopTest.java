package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping sense waits for its threads, {@code sense-check} included, which checks text files and runs the segments'
 * completions: no {@code observe.observed} of a stopped service comes after its {@code stop} returned (a later start
 * would otherwise see a stale event, as SenseDeferralTest once did on a loaded machine).
 */
class SenseStopTest {
    @TempDir
    Path dir;

    @Test
    void aCompletionRunningOnSenseCheckEndsBeforeStopReturns() throws IOException {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment s = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 0), 60));
        // a large capture, so that its check is still running when sense is stopped
        try (BufferedWriter w = Files.newBufferedWriter(s.dir().resolve("tmux_main_screen.jsonl"),
                StandardCharsets.UTF_8)) {
            String line = "{\"frame_id\":\"f\",\"text\":\"" + "x".repeat(200) + "\"}\n";
            for (int i = 0; i < 200_000; i++) {
                w.write(line);
            }
        }
        List<Message> events = new CopyOnWriteArrayList<>();
        AtomicBoolean stopped = new AtomicBoolean();
        List<Message> late = new CopyOnWriteArrayList<>();
        Sense sense = new Sense(journal, m -> {
            if (stopped.get()) {
                late.add(m);
            }
            return events.add(m);
        }, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)), OcrFrameReader.forJournal(journal), 1,
                4, journal.healthFile("sense-deferred.jsonl"));
        sense.start();
        EventDispatcher bus = new EventDispatcher(journal, events::add, DispatcherSettings.defaults());
        try {
            assertThat(bus.register(List.of(sense.app())).ok()).isTrue();
            bus.start();
            assertThat(bus.dispatch(Message.of("observe", "observing", Map.of("day", "20260315", "segment",
                    s.key().key(), "files", List.of("tmux_main_screen.jsonl"))))).isTrue();
            await("the check is running").atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) sense.health().facts().get("running")).intValue() == 1);
            sense.stop();
            stopped.set(true);
            assertThat(events).as("the segment's completion ran before stop returned")
                    .anyMatch(m -> m.tract().equals("observe") && m.event().equals("observed"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(late::isEmpty);
        } finally {
            bus.stop();
            sense.stop();
        }
    }
}
