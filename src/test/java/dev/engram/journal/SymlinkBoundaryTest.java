package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the journal's real path is read or written: symbolic links that leave the journal, at every level
 * (day, segment, segment file, insights, facet folder, todos and entities files, config files), are skipped by
 * readers with a named warning and refused by writers; links that stay inside are followed.
 */
class SymlinkBoundaryTest {
    static final Day DAY = Day.of(2024, 3, 15);

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    Journal journal;
    WarningSink.Collecting warnings;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("journal");
        outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        warnings = WarningSink.collecting(100);
        journal = Journal.create(root, "Owner").withWarnings(warnings);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void assertWarnedLeaves(String file) {
        assertThat(warnings.warnings()).as("warnings").contains(new Warning(file, 0, Store.LEAVES));
    }

    /** A segment outside the journal, with a transcript and an insight. */
    private Path outsideSegment() throws IOException {
        Path seg = outside.resolve("seg");
        write(seg.resolve("audio.jsonl"), "{\"raw\":\"a.flac\"}\n{\"start\":\"00:00:01\",\"text\":\"SECRET\"}\n");
        write(seg.resolve("secret.md"), "# SECRET\n");
        return seg;
    }

    @Test
    void aDayFolderLinkedOutsideIsSkippedWithAWarning() throws IOException {
        Path day = outside.resolve("day");
        Files.createDirectories(day);
        Files.createSymbolicLink(day.resolve("093000_300"), outsideSegment());
        Files.createSymbolicLink(root.resolve(DAY.key()), day);
        assertThat(journal.days().list()).isEmpty();
        assertWarnedLeaves(DAY.key());
        assertThat(journal.days().segments(DAY)).isEmpty();
        assertThat(journal.days().segment(DAY, SegmentKey.parse("093000_300"))).isEmpty();
        assertThat(journal.days().insights(DAY)).isEmpty();
        assertThatThrownBy(() -> journal.days().writeInsight(DAY, "flow", "# x"))
                .isInstanceOf(OutsideJournalException.class).hasMessageContaining(DAY.key());
        assertThatThrownBy(() -> journal.days().createSegment(DAY, SegmentKey.parse("100000_300")))
                .isInstanceOf(OutsideJournalException.class);
        assertThat(day.resolve("100000_300")).doesNotExist();
    }

    @Test
    void aSegmentFolderLinkedOutsideIsSkippedWithAWarning() throws IOException {
        Files.createDirectories(root.resolve(DAY.key()));
        Files.createSymbolicLink(root.resolve(DAY.key()).resolve("093000_300"), outsideSegment());
        assertThat(journal.days().segments(DAY)).isEmpty();
        assertWarnedLeaves(DAY.key() + "/093000_300");
        assertThat(journal.days().segment(DAY, SegmentKey.parse("093000_300"))).isEmpty();
    }

    @Test
    void segmentFilesLinkedOutsideAreNotRead() throws IOException {
        Segment seg = journal.days().createSegment(DAY, SegmentKey.parse("093000_300"));
        Path out = outsideSegment();
        Files.createSymbolicLink(seg.dir().resolve("audio.jsonl"), out.resolve("audio.jsonl"));
        Files.createSymbolicLink(seg.dir().resolve("secret.md"), out.resolve("secret.md"));
        SegmentFiles files = journal.days().files(seg);
        assertThat(files.names()).isEmpty();
        assertThat(files.audio()).isEmpty();
        assertThat(files.insights()).isEmpty();
        assertWarnedLeaves(DAY.key() + "/093000_300/audio.jsonl");
        assertWarnedLeaves(DAY.key() + "/093000_300/secret.md");
        assertThatThrownBy(() -> files.file("audio.jsonl")).isInstanceOf(OutsideJournalException.class);
        assertThatThrownBy(() -> files.writeBytes("secret.md", new byte[] {1}))
                .isInstanceOf(OutsideJournalException.class);
        assertThat(out.resolve("secret.md")).hasContent("# SECRET");
    }

    @Test
    void anInsightsFolderLinkedOutsideIsNotRead() throws IOException {
        write(outside.resolve("insights").resolve("leak.md"), "# SECRET\n");
        Files.createDirectories(root.resolve(DAY.key()));
        Files.createSymbolicLink(root.resolve(DAY.key()).resolve("insights"), outside.resolve("insights"));
        assertThat(journal.days().insights(DAY)).isEmpty();
        assertWarnedLeaves(DAY.key() + "/insights");
        assertThatThrownBy(() -> journal.days().writeInsight(DAY, "flow", "# x"))
                .isInstanceOf(OutsideJournalException.class);
        assertThat(outside.resolve("insights").resolve("flow.md")).doesNotExist();
    }

    @Test
    void aFacetFolderLinkedOutsideIsNeitherReadNorWritten() throws IOException {
        Path evil = outside.resolve("evil");
        write(evil.resolve("facet.json"), "{\"title\": \"Outside\"}\n");
        write(evil.resolve("todos").resolve(DAY.key() + ".jsonl"), "{\"text\": \"SECRET\"}\n");
        Files.createSymbolicLink(root.resolve("facets").resolve("evil"), evil);
        assertThat(journal.facets()).isEmpty();
        assertWarnedLeaves("facets/evil");
        assertThat(journal.facet("evil")).isEmpty();
        FacetStore fs = journal.facetStore("evil");
        assertThat(fs.todos(DAY)).isEmpty();
        assertThatThrownBy(() -> fs.save(Facet.named("evil"))).isInstanceOf(OutsideJournalException.class)
                .hasMessageContaining("facets/evil");
        assertThatThrownBy(() -> fs.update(f -> f.withTitle("Pwned"))).isInstanceOf(OutsideJournalException.class);
        assertThatThrownBy(() -> fs.create(Facet.named("evil"))).isInstanceOf(JournalException.class);
        assertThatThrownBy(() -> fs.addTodo(DAY, Todo.open("x", Optional.empty(), 1)))
                .isInstanceOf(OutsideJournalException.class);
        assertThat(evil.resolve("facet.json")).hasContent("{\"title\": \"Outside\"}");
        assertThat(evil.resolve("todos").resolve(DAY.key() + ".jsonl")).hasContent("{\"text\": \"SECRET\"}");
    }

    @Test
    void todoAndEntityFilesLinkedOutsideAreSkippedAndNeverWritten() throws IOException {
        journal.facetStore("work").save(Facet.named("work"));
        Path secret = outside.resolve("secret.jsonl");
        write(secret, "{\"text\": \"SECRET\", \"type\": \"Person\", \"name\": \"SECRET\"}\n");
        Path facet = root.resolve("facets").resolve("work");
        Files.createDirectories(facet.resolve("todos"));
        Files.createSymbolicLink(facet.resolve("todos").resolve(DAY.key() + ".jsonl"), secret);
        Files.createSymbolicLink(facet.resolve("entities.jsonl"), secret);
        FacetStore fs = journal.facetStore("work");
        assertThat(fs.todos(DAY)).isEmpty();
        assertThat(fs.entities()).isEmpty();
        assertThat(fs.todoDays()).isEmpty();
        assertWarnedLeaves("facets/work/todos/" + DAY.key() + ".jsonl");
        assertWarnedLeaves("facets/work/entities.jsonl");
        assertThatThrownBy(() -> fs.addTodo(DAY, Todo.open("x", Optional.empty(), 1)))
                .isInstanceOf(OutsideJournalException.class);
        assertThatThrownBy(() -> fs.updateEntities(List::copyOf)).isInstanceOf(OutsideJournalException.class);
        assertThat(secret).hasContent("{\"text\": \"SECRET\", \"type\": \"Person\", \"name\": \"SECRET\"}");
    }

    @Test
    void configFilesLinkedOutsideAreNotReadNorWritten() throws IOException {
        Path config = root.resolve("config");
        Path foreign = outside.resolve("journal.json");
        write(foreign, "{\"identity\": {\"name\": \"Outsider\"}, \"convey\": {\"password_hash\": \"x\"}}\n");
        Files.delete(config.resolve("journal.json"));
        Files.createSymbolicLink(config.resolve("journal.json"), foreign);
        Files.createSymbolicLink(config.resolve("convey.json"), foreign);
        assertThat(journal.config().identity().name()).isEmpty();
        assertWarnedLeaves("config/journal.json");
        assertThat(journal.conveyPrefs()).isEqualTo(ConveyPrefs.DEFAULT);
        assertWarnedLeaves("config/convey.json");
        assertThatThrownBy(journal::requireConfig).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("config/journal.json").hasMessageContaining(Store.LEAVES);
        assertThatThrownBy(() -> journal.updateConfig(c -> c)).isInstanceOf(OutsideJournalException.class);
        assertThatThrownBy(() -> journal.updateConveyPrefs(p -> p)).isInstanceOf(OutsideJournalException.class);
        assertThat(foreign).hasContent("{\"identity\": {\"name\": \"Outsider\"}, \"convey\": {\"password_hash\": \"x\"}}");
    }

    @Test
    void linksThatStayInsideTheJournalAreFollowed() throws IOException {
        Segment seg = journal.days().createSegment(DAY, SegmentKey.parse("093000_300"));
        write(seg.dir().resolve("audio.jsonl"), "{\"raw\":\"a.flac\"}\n{\"start\":\"00:00:01\",\"text\":\"hi\"}\n");
        Path other = root.resolve("20240316");
        Files.createSymbolicLink(other, root.resolve(DAY.key()));
        assertThat(journal.days().list()).hasSize(2);
        assertThat(journal.days().segments(Day.of(2024, 3, 16))).hasSize(1);
        Segment linked = journal.days().segments(Day.of(2024, 3, 16)).get(0);
        assertThat(journal.days().files(linked).audio().get(0).utterances()).hasSize(1);
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void aJournalReachedThroughALinkWorks() throws IOException {
        Path alias = tmp.resolve("alias");
        Files.createSymbolicLink(alias, root);
        Journal j = Journal.open(alias).withWarnings(warnings);
        j.facetStore("work").save(Facet.named("work"));
        assertThat(j.facets()).extracting(Facet::name).containsExactly("work");
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void statusListsEveryLinkThatLeavesTheJournal() throws IOException {
        Files.createSymbolicLink(root.resolve("20240101"), outside);
        Files.createSymbolicLink(root.resolve("facets").resolve("evil"), outside);
        JournalSummary s = JournalSummary.scan(journal);
        assertThat(s.warnings()).contains(new Warning("20240101", 0, Store.LEAVES),
                new Warning("facets/evil", 0, Store.LEAVES));
    }

    @Test
    void aStagingFolderLinkedOutsideIsRefusedAndNothingIsWrittenThere() throws IOException {
        Path elsewhere = outside.resolve("staging");
        Files.createDirectories(elsewhere);
        journal.store().removeTree(root.resolve(Staging.DIR), new long[2]);
        Files.createSymbolicLink(root.resolve(Staging.DIR), elsewhere);
        Journal journal = Journal.open(root);
        assertThatThrownBy(journal::stageSegment).isInstanceOf(OutsideJournalException.class)
                .hasMessageContaining(".staging");
        assertThatThrownBy(() -> journal.writeAppFile("x", "text", "a.txt"))
                .isInstanceOf(OutsideJournalException.class);
        assertThat(journal.recover().nothingRemoved()).isTrue();
        try (var s = Files.list(elsewhere)) {
            assertThat(s.toList()).as("nothing staged outside the journal").isEmpty();
        }
    }

    /** A link whose target does not exist (yet) leads nowhere: refused, not resolved through its parent. */
    @Test
    void aDanglingLinkLeavingTheJournalIsRefusedByWriters() throws IOException {
        Files.createDirectories(root.resolve("health"));
        Files.createSymbolicLink(root.resolve("health").resolve("trap.jsonl"), outside.resolve("not-yet.jsonl"));
        assertThatThrownBy(() -> journal.appendHealthLine("trap.jsonl", tools.jackson.databind.json.JsonMapper
                .builder().build().createObjectNode().put("x", 1))).isInstanceOf(OutsideJournalException.class);
        assertThat(outside.resolve("not-yet.jsonl")).doesNotExist();
    }
}
