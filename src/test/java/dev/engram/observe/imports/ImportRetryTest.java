package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import that failed part-way, retried: the journal ends with one set of its segments. */
class ImportRetryTest {
    @TempDir
    Path dir;

    @Test
    void aRetryAfterAFailurePartWayReusesTheSegmentsItWroteAndDuplicatesNothing() throws Exception {
        Journal journal = Journal.create(dir.resolve("journal"), "Test Owner");
        List<Message> events = new CopyOnWriteArrayList<>();
        byte[] text = "[09:00] Ada: one\n[09:20] Ada: two\n".getBytes(StandardCharsets.UTF_8);
        Day day = Day.of(2026, 1, 5);
        // every key the second segment can take is taken, so the import fails after writing the first one
        for (int len = 0; len <= 400; len++) {
            journal.days().createSegment(day, SegmentKey.of(LocalTime.of(9, 20), len));
        }
        ImportOptions options = new ImportOptions("talk.txt", Optional.of(LocalDateTime.of(2026, 1, 5, 0, 0)),
                Optional.empty(), Optional.empty());
        try (Importer importer = new Importer(journal, events::add)) {
            assertThatThrownBy(() -> importer.importFile(new ByteArrayInputStream(text), options, (i, d, t) -> { }))
                    .isInstanceOf(ImportException.class);
            assertThat(ours(journal, day)).as("the failed attempt wrote the first segment").hasSize(1);
            String failedId = journal.imports().ids().getFirst();
            assertThat(journal.imports().record(failedId).orElseThrow().path("status").asString()).isEqualTo("failed");

            try (Stream<Path> blockers = Files.list(journal.root().resolve(day.key()))) { // the obstacle goes away
                blockers.filter(p -> p.getFileName().toString().startsWith("092000_"))
                        .sorted(Comparator.reverseOrder()).forEach(ImportRetryTest::delete);
            }
            ImportResult r = importer.importFile(new ByteArrayInputStream(text), options, (i, d, t) -> { });

            assertThat(r.status()).isEqualTo("imported");
            assertThat(r.id()).as("retried under the failed import's id").isEqualTo(failedId);
            assertThat(journal.imports().ids()).containsExactly(failedId);
            assertThat(r.segments()).hasSize(2);
            assertThat(ours(journal, day)).as("one set of segments").hasSize(2)
                    .extracting(s -> day.key() + "/" + s.key().key()).containsExactlyInAnyOrderElementsOf(r.segments());
            assertThat(r.notes().getFirst()).contains("retried the failed import " + failedId).contains("1 of 2 reused");
            assertThat(journal.imports().record(failedId).orElseThrow().path("status").asString()).isEqualTo("done");
        }
    }

    /** The segments of the day holding an imported transcript. */
    private static List<Segment> ours(Journal journal, Day day) {
        return journal.days().segments(day).stream()
                .filter(s -> Files.exists(s.dir().resolve(SegmentWriter.FILE))).toList();
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
