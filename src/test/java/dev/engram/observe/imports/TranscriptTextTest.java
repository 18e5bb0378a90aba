package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcript text: 12-hour times, days and out-of-order lines, and text too long for one journal line. */
class TranscriptTextTest {
    private static final LocalDateTime START = LocalDateTime.of(2026, 3, 2, 0, 0);
    @TempDir
    Path dir;

    private static List<ImportedSegment> segments(String text) {
        return TranscriptText.segments(text, START, new ArrayList<>());
    }

    @Test
    void twelveHourTimesAreReadWithTheirSpeakers() {
        List<ImportedSegment> s = segments("9:55 AM Alice: morning\n[1:05 PM] Bob: after lunch\n"
                + "12:10 a.m. Carol: late\n");
        assertThat(s).extracting(x -> x.start().toString())
                .containsExactly("2026-03-02T09:55", "2026-03-02T13:05", "2026-03-03T00:10");
        assertThat(s.get(0).lines()).singleElement().satisfies(l -> {
            assertThat(l.speaker()).contains("Alice");
            assertThat(l.text()).isEqualTo("morning");
        });
        assertThat(s.get(1).lines().getFirst().speaker()).contains("Bob");
        assertThat(s.get(2).lines().getFirst().speaker()).contains("Carol");
    }

    @Test
    void linesThatStartWithATimeThatIsNoClockTimeAreKeptAsTextAndSaidInANote() {
        List<String> notes = new ArrayList<>();
        List<ImportedSegment> s = TranscriptText.segments("[10:00] Carol: first\n[25:61] Alice: weird hour\n"
                + "[9:3] Bob: short minute\n[10:01] Carol: fine\n", START, notes);
        assertThat(s).singleElement().satisfies(x -> assertThat(x.lines()).extracting(ImportedSegment.Line::text)
                .containsExactly("first [25:61] Alice: weird hour [9:3] Bob: short minute", "fine"));
        assertThat(notes).containsExactly("2 lines start with a time that is not a clock time ([25:61], [9:3]): kept"
                + " as text, not read as times");
        List<String> fine = new ArrayList<>();
        TranscriptText.segments("[10:00] Ada: one\n[10:05] Ada: two\n", START, fine);
        assertThat(fine).isEmpty();
    }

    @Test
    void aLineAfterMidnightStartsASegmentOnTheNextDay() {
        List<ImportedSegment> s = segments("[23:58] Ada: late\n[00:01] Ada: later\n");
        assertThat(s).extracting(x -> x.start().toString())
                .containsExactly("2026-03-02T23:58", "2026-03-03T00:01");
        assertThat(s.get(0).lines()).hasSize(1);
    }

    @Test
    void aSmallStepBackStaysInTheSegmentWhichCoversAllItsEntries() {
        List<ImportedSegment> s = segments("[10:30] Ada: one\n[10:00] Bob: two\n[10:02] Ada: three\n");
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.start().toString()).isEqualTo("2026-03-02T10:00");
            assertThat(x.lengthSeconds()).isEqualTo(31 * 60); // 10:00 to a minute past 10:30
            assertThat(x.lines()).extracting(ImportedSegment.Line::text).containsExactly("one", "two", "three");
        });
    }

    @Test
    void textLongerThanAJournalLineIsSplitIntoEntriesTheReaderKeeps() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 3 * 1024 * 1024) {
            text.append("Die Bücher liegen auf dem Tisch, 📚 und niemand liest sie. ");
        }
        text.append("x".repeat(400_000)).append("é".repeat(300_000)); // no space to cut at, two-byte characters
        String original = text.toString().strip();
        Journal journal = Journal.create(dir.resolve("journal"), "Test Owner");
        ImportResult r;
        try (Importer importer = new Importer(journal, m -> true)) {
            r = importer.importFile(new ByteArrayInputStream(original.getBytes(StandardCharsets.UTF_8)),
                    new ImportOptions("book.txt", Optional.of(START.withHour(8)), Optional.empty(),
                            Optional.empty()), (i, d, t) -> { });
        }
        assertThat(r.segments()).hasSize(1);
        Path file = journal.root().resolve(r.segments().getFirst()).resolve(SegmentWriter.FILE);
        List<Integer> sizes = Files.readAllLines(file).stream().map(l -> l.getBytes(StandardCharsets.UTF_8).length)
                .toList();
        assertThat(sizes).hasSizeGreaterThan(20).allSatisfy(n -> assertThat(n).isLessThan(256 * 1024));
        List<AudioTranscript.Utterance> read = journal.days().files(journal.days()
                .segments(Day.of(2026, 3, 2)).getFirst()).audio().getFirst().utterances();
        StringBuilder back = new StringBuilder();
        read.forEach(u -> back.append(u.text()));
        assertThat(back.toString().replace(" ", "")).isEqualTo(original.replace(" ", ""));
    }
}
