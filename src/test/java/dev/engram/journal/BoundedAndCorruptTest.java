package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers are bounded (an over-long line is skipped as over the limit, never "not valid JSON"; a whole-file read over
 * the size limit is skipped), and corrupt parts (folders where files belong, garbage in a config file) become named
 * warnings, while updates of a file that cannot be read fail with {@link UnreadableFileException} naming it.
 */
class BoundedAndCorruptTest {
    static final Day DAY = Day.of(2024, 3, 15);

    @TempDir
    Path tmp;
    Path root;
    Journal journal;
    WarningSink.Collecting warnings;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("journal");
        warnings = WarningSink.collecting(100);
        journal = Journal.create(root, "Owner").withWarnings(warnings);
        journal.facetStore("work").save(Facet.named("work"));
    }

    /** Writes {@code {"text":"aaaa..."}} of {@code bytes} bytes as one line, streamed. */
    static void longLine(OutputStream out, long bytes) throws IOException {
        out.write("{\"start\":\"00:00:01\",\"text\":\"".getBytes(StandardCharsets.US_ASCII));
        byte[] a = new byte[64 * 1024];
        java.util.Arrays.fill(a, (byte) 'a');
        long left = bytes - 32;
        while (left > 0) {
            int n = (int) Math.min(a.length, left);
            out.write(a, 0, n);
            left -= n;
        }
        out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anOverLongLineIsSkippedAsOverTheLimitAndTheOthersAreRead() throws IOException {
        Segment seg = journal.days().createSegment(DAY, SegmentKey.parse("093000_300"));
        Path file = seg.dir().resolve("audio.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"raw\":\"a.flac\"}\n".getBytes(StandardCharsets.UTF_8));
            longLine(out, JsonLines.MAX_LINE_BYTES + 10);
            out.write("{\"start\":\"00:00:02\",\"text\":\"after\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        AudioTranscript t = journal.days().files(seg).audio().get(0);
        assertThat(t.utterances()).extracting(AudioTranscript.Utterance::text).containsExactly("after");
        assertThat(t.raw()).hasValue("a.flac");
        assertThat(warnings.warnings()).hasSize(1);
        Warning w = warnings.warnings().get(0);
        assertThat(w.file()).isEqualTo("20240315/093000_300/audio.jsonl");
        assertThat(w.line()).isEqualTo(2);
        assertThat(w.message()).contains("over the limit of " + JsonLines.MAX_LINE_BYTES + " bytes per line")
                .doesNotContain("not valid JSON");
    }

    @Test
    void aRewriteNeverDropsAnOverLongLine() throws IOException {
        Path todos = root.resolve("facets/work/todos/" + DAY.key() + ".jsonl");
        Files.createDirectories(todos.getParent());
        try (OutputStream out = Files.newOutputStream(todos)) {
            out.write("{\"text\":\"first\"}\n".getBytes(StandardCharsets.UTF_8));
            longLine(out, JsonLines.MAX_LINE_BYTES + 10);
        }
        long size = Files.size(todos);
        FacetStore fs = journal.facetStore("work");
        assertThat(fs.todos(DAY)).extracting(Todo::text).containsExactly("first");
        assertThatThrownBy(() -> fs.addTodo(DAY, Todo.open("x", Optional.empty(), 1)))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("facets/work/todos/20240315.jsonl")
                .hasMessageContaining("line 2").hasMessageContaining("over the limit");
        assertThat(Files.size(todos)).isEqualTo(size);
    }

    @Test
    void aWholeFileOverTheSizeLimitIsSkippedWithAWarning() throws IOException {
        Path insight = root.resolve(DAY.key()).resolve("insights").resolve("huge.md");
        Files.createDirectories(insight.getParent());
        try (OutputStream out = Files.newOutputStream(insight)) {
            longLine(out, JsonLines.MAX_FILE_BYTES + 100);
        }
        assertThat(journal.days().insights(DAY).size()).isZero();
        assertThat(warnings.warnings()).singleElement().satisfies(w -> {
            assertThat(w.file()).isEqualTo("20240315/insights/huge.md");
            assertThat(w.message()).contains("over the limit of " + JsonLines.MAX_FILE_BYTES + " bytes");
        });
    }

    @Test
    void foldersWhereFilesBelongAreNamedWarningsInStatus() throws IOException {
        Segment seg = journal.days().createSegment(DAY, SegmentKey.parse("093000_300"));
        Files.createDirectories(seg.dir().resolve("audio.jsonl"));
        Files.createDirectories(root.resolve(DAY.key()).resolve("insights").resolve("flow.md"));
        Files.createDirectories(root.resolve("tokens").resolve(DAY.key() + ".jsonl"));
        Files.createDirectories(root.resolve("facets/work/todos").resolve(DAY.key() + ".jsonl"));
        Files.write(root.resolve("config/convey.json"), new byte[] {(byte) 0xff, 0, 1, 2, (byte) 0xfe, '{'});
        JournalSummary s = JournalSummary.scan(journal);
        assertThat(s.warnings()).extracting(Warning::file).contains("20240315/093000_300/audio.jsonl",
                "20240315/insights/flow.md", "tokens/20240315.jsonl", "facets/work/todos/20240315.jsonl",
                "config/convey.json");
        // Readers skip them and read the rest of the day.
        assertThat(journal.facetStore("work").todos(DAY)).isEmpty();
        assertThat(journal.days().files(seg).audio()).isEmpty();
        assertThat(journal.conveyPrefs()).isEqualTo(ConveyPrefs.DEFAULT);
    }

    @Test
    void updatingAFileThatCannotBeReadNamesItAndTheFix() throws IOException {
        Files.createDirectories(root.resolve("facets/work/todos").resolve(DAY.key() + ".jsonl"));
        FacetStore fs = journal.facetStore("work");
        assertThatThrownBy(() -> fs.addTodo(DAY, Todo.open("x", Optional.empty(), 1)))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("facets/work/todos/20240315.jsonl")
                .hasMessageContaining("move it out")
                .satisfies(e -> assertThat(((UnreadableFileException) e).file())
                        .isEqualTo("facets/work/todos/20240315.jsonl"));
        Files.writeString(root.resolve("config/convey.json"), "\u0000garbage");
        assertThatThrownBy(() -> journal.updateConveyPrefs(p -> p)).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("config/convey.json");
        assertThat(root.resolve("config/convey.json")).hasContent("\u0000garbage");
    }

    @Test
    void aBrokenJournalJsonIsNotAMissingOne() throws IOException {
        Files.writeString(root.resolve("config/journal.json"), "{\"convey\": {\"password_hash\": ");
        assertThat(journal.config().convey().hasPassword()).isFalse();
        assertThatThrownBy(journal::requireConfig).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("config/journal.json").hasMessageContaining("not valid JSON")
                .hasMessageContaining("engram password");
        Files.delete(root.resolve("config/journal.json"));
        assertThat(journal.requireConfig().convey().hasPassword()).isFalse();
    }
}
