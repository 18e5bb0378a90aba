package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a reader cannot read (no permission, a symbolic-link loop), lines over the JSON parser's limits, unparsable
 * utterance starts and out-of-range day keys: readers skip them with a named warning; rewrites still refuse.
 */
class ReaderFailuresTest {
    private static final Day DAY = Day.of(2024, 3, 15);

    @TempDir
    Path tmp;

    private Journal journalWithTodo(WarningSink sink) {
        Journal journal = Journal.create(tmp.resolve("j"), "Owner").withWarnings(sink);
        journal.facetStore("work").create(Facet.named("work"));
        journal.facetStore("work").addTodo(DAY, Todo.open("Write tests", java.util.Optional.empty(), 0));
        return journal;
    }

    private Path todos(Journal journal) {
        return journal.root().resolve("facets/work/todos/" + DAY.key() + ".jsonl");
    }

    /** Works as root too: a link to itself fails every read (ELOOP), whoever reads it. */
    @Test
    void aLinkLoopWhereAFileBelongsIsSkippedWithAWarning() throws Exception {
        WarningSink.Collecting sink = WarningSink.collecting(20);
        Journal journal = journalWithTodo(sink);
        Path file = todos(journal);
        Files.delete(file);
        Files.createSymbolicLink(file, file.getFileName());
        assertThat(journal.facetStore("work").todos(DAY)).isEmpty();
        assertThat(sink.warnings()).extracting(Warning::toString)
                .anyMatch(w -> w.startsWith("facets/work/todos/20240315.jsonl: skipped: cannot read"));
    }

    /** A file with mode 000: root reads it anyway, so this runs only as another user. */
    @Test
    void aFileWithoutReadPermissionIsSkippedByReadersButNotRewritten() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores mode 000");
        WarningSink.Collecting sink = WarningSink.collecting(20);
        Journal journal = journalWithTodo(sink);
        Path file = todos(journal);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assertThat(journal.facetStore("work").todos(DAY)).isEmpty();
            assertThat(sink.warnings()).extracting(Warning::toString)
                    .contains("facets/work/todos/20240315.jsonl: skipped: cannot read: permission denied; fix its"
                            + " permissions (or remove it)");
            assertThatThrownBy(() -> journal.facetStore("work").addTodo(DAY, Todo.open("More", java.util.Optional.empty(), 0)))
                    .isInstanceOf(UnreadableFileException.class).hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void linesOverTheParsersLimitsAreNamedAsSuch() throws Exception {
        WarningSink.Collecting sink = WarningSink.collecting(20);
        Journal journal = journalWithTodo(sink);
        String longNumber = "{\"text\":\"x\",\"n\":1" + "0".repeat(1200) + "}";
        String deep = "{\"text\":\"x\",\"n\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
        Files.writeString(todos(journal), longNumber + "\n" + deep + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(journal.facetStore("work").todos(DAY)).extracting(Todo::text).containsExactly("Write tests");
        assertThat(sink.warnings()).extracting(Warning::toString)
                .anyMatch(w -> w.startsWith("facets/work/todos/20240315.jsonl:2: skipped line: over the JSON"
                        + " parser's limits"))
                .anyMatch(w -> w.startsWith("facets/work/todos/20240315.jsonl:3: skipped line: over the JSON"
                        + " parser's limits"));
        journal.writeAppFile("x", "{\"n\":1" + "0".repeat(1200) + "}", "big.json");
        assertThat(journal.store().readObject(journal.root().resolve("apps/x/big.json"))).isEmpty();
        assertThat(sink.warnings()).extracting(Warning::toString)
                .contains("apps/x/big.json: ignored: over the JSON parser's limits (a number, nesting depth or string"
                        + " too large); fix or remove the file");
    }

    @Test
    void anUnreadableTranscriptIsSkippedWithAWarning() throws Exception {
        WarningSink.Collecting sink = WarningSink.collecting(20);
        Journal journal = Journal.create(tmp.resolve("j"), "Owner").withWarnings(sink);
        Segment seg;
        try (StagedSegment s = journal.stageSegment()) {
            s.add("screen.jsonl", new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), 1 << 20);
            seg = s.commit(DAY, SegmentKey.of(LocalTime.of(9, 30), 300)).segment();
        }
        Path audio = seg.dir().resolve("audio.jsonl");
        Files.createSymbolicLink(audio, audio.getFileName());
        assertThat(journal.days().files(seg).audio()).isEmpty();
        assertThat(sink.warnings()).extracting(Warning::toString)
                .anyMatch(w -> w.startsWith("20240315/093000_300/audio.jsonl: skipped: cannot read"));
    }

    @Test
    void anUtteranceStartThatOverflowsHasNoOffset() {
        assertThat(AudioTranscript.Utterance.of("9223372036854775807:00:00", "t", null).parsedOffset()).isEmpty();
        assertThat(AudioTranscript.Utterance.of("9223372036854775807:00:00", "t", null).offset()).isZero();
        assertThat(AudioTranscript.Utterance.of("x:00:00", "t", null).parsedOffset()).isEmpty();
        assertThat(AudioTranscript.Utterance.of("1:02:03", "t", null).parsedOffset()).hasValueSatisfying(
                d -> assertThat(d.toSeconds()).isEqualTo(3723));
    }

    @Test
    void dayKeysHaveAYearFrom1To9998SoEveryDayHasNeighbours() {
        assertThat(Day.tryParse("00000101")).isEmpty();
        assertThat(Day.tryParse("99990101")).isEmpty();
        assertThat(Day.tryParse("00010101")).isPresent();
        assertThat(Day.tryParse("99981231")).hasValueSatisfying(d -> assertThat(d.plusDays(1).key()).hasSize(8));
        assertThatThrownBy(() -> Day.parse("00000101")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("0001 to 9998");
    }

    /** Lists every hidden temp file of a whole-file write anywhere in the journal. */
    static List<String> tempFiles(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString()).filter(n -> n.contains(".tmp-")).toList();
        }
    }
}
