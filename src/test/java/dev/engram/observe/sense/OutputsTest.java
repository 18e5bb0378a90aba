package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.FrameReader;
import dev.engram.testing.BulkJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screen extract's lines on a real journal: whatever the OCR read, every line is one the journal reads back. */
class OutputsTest {
    @TempDir
    Path dir;

    @Test
    void aFramesTextOverTheCapIsCutBetweenCharactersAndItsLineIsReadBack() throws Exception {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        // the worst text for a JSON line: control characters (six bytes each, escaped) and four-byte characters, one
        // of which straddles the cap
        String text = "\u0001".repeat(Outputs.MAX_TEXT - 1) + "📚".repeat(10_000);
        Outputs.writeScreen(journal.days().files(seg), "screen.webm",
                List.of(new FrameReader.ScreenText(0, 0.0, 1.0, text, 5)), Map.of());

        assertThat(Files.readAllLines(seg.dir().resolve("screen.jsonl"), StandardCharsets.UTF_8))
                .allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThan(1 << 20));
        List<ScreenFrame> frames = journal.days().files(seg).screens().getFirst().frames();
        assertThat(frames).singleElement().extracting(ScreenFrame::visualDescription)
                .isEqualTo("\u0001".repeat(Outputs.MAX_TEXT - 1));
    }
}
