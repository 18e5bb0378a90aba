package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;

/** What sense tells about itself, with an injected clock: the "waiting for setup" warning is rate-limited in time. */
class SenseReportTest {
    @TempDir
    Path dir;

    @Test
    @ResourceLock("dev.engram.app.LogCapture")
    void theWaitingForSetupWarningIsLoggedFirstThenAtMostOnceAMinuteWithTheCountsAndOneNotice() {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
        List<Message> sent = new CopyOnWriteArrayList<>();
        SenseReport report = new SenseReport(sent::add, now::get);
        Logger logger = (Logger) LoggerFactory.getLogger(Sense.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            List<String> errors = List.of("audio.flac: no transcription endpoint is configured");
            for (int i = 0; i < 500; i++) { // a burst: 500 segments within a second
                report.filesAwaitingSetup.incrementAndGet();
                report.segmentAwaitingSetup(seg, errors);
                now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
            }
            assertThat(warnings(logs)).singleElement().asString().contains("1 segment(s) so far");
            now.addAndGet(TimeUnit.SECONDS.toNanos(58)); // 59 s after the first
            report.filesAwaitingSetup.incrementAndGet();
            report.segmentAwaitingSetup(seg, errors);
            assertThat(warnings(logs)).as("not before a minute has passed").hasSize(1);
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            report.filesAwaitingSetup.incrementAndGet();
            report.segmentAwaitingSetup(seg, errors);
            assertThat(warnings(logs)).hasSize(2).last().asString()
                    .contains("502 segment(s) so far not fully processed, 502 file(s) waiting for setup");
            assertThat(sent.stream().filter(m -> m.tract().equals("health") && m.event().equals("notice")))
                    .as("one notice an hour").hasSize(1);
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    @ResourceLock("dev.engram.app.LogCapture")
    void whenTheCallerListsTheFailuresTheyAreDebugLinesNotWarningsAndTheNoticeStillGoesOut() {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        List<Message> sent = new CopyOnWriteArrayList<>();
        SenseReport report = new SenseReport(sent::add);
        report.callerListsFailures();
        Logger logger = (Logger) LoggerFactory.getLogger(Sense.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(logs);
        try {
            report.segmentAwaitingSetup(seg, List.of("audio.flac: no transcription endpoint is configured"));
            report.segmentFailed(seg, List.of("screen.webm: ffprobe failed"),
                    java.util.Collections.singletonList(null)); // no remedy: a retry may fix it
            List<ILoggingEvent> events;
            synchronized (logs) {
                events = List.copyOf(logs.list);
            }
            assertThat(events).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.DEBUG);
            assertThat(events.get(1).getFormattedMessage()).contains("screen.webm: ffprobe failed",
                    "retry with engram sense --day 20260315 --segment 093000_300");
            assertThat(sent.stream().filter(m -> m.tract().equals("health") && m.event().equals("notice")))
                    .hasSize(2);
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(before);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) {
            return logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("waiting for setup")).toList();
        }
    }
}
