package dev.engram.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalSummary;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoGeneratorTest {
    private static final LocalDate END = LocalDate.of(2024, 3, 15);
    private static final DemoSpec SMALL = new DemoSpec(3, 6, 7, END);

    @TempDir
    Path tmp;

    @Test
    void theSameSpecGivesByteIdenticalJournalsAndAnotherSeedDiffers() throws IOException {
        DemoGenerator.generate(tmp.resolve("a"), SMALL, false, DemoProgress.NONE);
        DemoGenerator.generate(tmp.resolve("b"), SMALL, false, DemoProgress.NONE);
        DemoGenerator.generate(tmp.resolve("c"), new DemoSpec(3, 6, 8, END), false, DemoProgress.NONE);
        Map<String, String> a = tree(tmp.resolve("a"));
        Map<String, String> b = tree(tmp.resolve("b"));
        assertThat(a).hasSizeGreaterThan(50);
        assertThat(b).isEqualTo(a);
        assertThat(tree(tmp.resolve("c"))).isNotEqualTo(a);
    }

    @Test
    void theJournalReadsBackWithoutWarningsAndHoldsWhatWasAsked() {
        DemoResult r = DemoGenerator.generate(tmp.resolve("j"), SMALL, false, DemoProgress.NONE);
        Journal journal = Journal.open(tmp.resolve("j"));
        JournalSummary s = JournalSummary.scan(journal);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.days()).isEqualTo(3);
        assertThat(s.segments()).isEqualTo(18).isEqualTo(r.segments());
        assertThat(s.facets()).extracting(JournalSummary.FacetInfo::name)
                .containsExactly("health", "lumen", "personal", "work");
        assertThat(s.todos()).isPositive().isEqualTo(r.todos());
        assertThat(s.todosDone()).isPositive();
        assertThat(s.events()).isPositive();
        assertThat(s.entities()).isPositive();
        assertThat(s.totalTokens()).isPositive();
        assertThat(r.files()).isEqualTo(s.files());
        for (Day d : journal.days().list()) {
            assertThat(journal.days().segments(d)).hasSize(6);
            assertThat(journal.days().insights(d)).extracting(i -> i.fileName()).contains("flow.md", "meetings.md");
            for (Segment seg : journal.days().segments(d)) {
                assertThat(journal.days().files(seg).audio()).singleElement()
                        .satisfies(t -> assertThat(t.utterances()).isNotEmpty());
                assertThat(journal.days().files(seg).insights()).extracting(i -> i.topic()).contains("activity");
            }
        }
        assertThat(journal.agents().ids()).hasSize(2);
        assertThat(journal.config().identity().timezone()).isEqualTo("Europe/Lisbon");
        assertThat(journal.conveyPrefs().selectedFacet()).as("a new visitor opens on All").isEmpty();
    }

    @Test
    void tokenTimestampsAreDecimalEpochSecondsAndSomeEventsAreAnticipated() throws IOException {
        DemoGenerator.generate(tmp.resolve("j"), new DemoSpec(7, 12, 42, END), false, DemoProgress.NONE);
        String tokens = Files.readString(tmp.resolve("j/tokens/20240315.jsonl"));
        assertThat(tokens).containsPattern("^\\{\"timestamp\":17\\d{8}\\.\\d{1,3},\"model\"").doesNotContain("E9");
        Journal journal = Journal.open(tmp.resolve("j"));
        List<dev.engram.journal.FacetEvent> events = journal.facets().stream()
                .flatMap(f -> journal.facetStore(f.name()).eventDays().stream()
                        .flatMap(d -> journal.facetStore(f.name()).events(d).stream()))
                .toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.occurred()).isFalse();
            assertThat(e.date()).isPresent();
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("meeting");
            assertThat(e.occurred()).isTrue();
            assertThat(e.start().orElseThrow()).matches("\\d{2}:\\d{2}:\\d{2}");
            assertThat(e.participants()).isNotEmpty();
        });
    }

    @Test
    void someSegmentsHaveATmuxCaptureWithAnsiColors() {
        DemoGenerator.generate(tmp.resolve("j"), SMALL, false, DemoProgress.NONE);
        Journal journal = Journal.open(tmp.resolve("j"));
        List<ScreenFrame.TmuxPane> panes = journal.days().list().stream()
                .flatMap(d -> journal.days().segments(d).stream())
                .flatMap(seg -> journal.days().files(seg).screens().stream())
                .filter(ScreenExtract::isTmux)
                .flatMap(x -> x.frames().stream())
                .flatMap(f -> f.tmux().orElseThrow().panes().stream())
                .toList();
        assertThat(panes).isNotEmpty();
        assertThat(panes).anySatisfy(p -> {
            assertThat(p.content()).contains("\u001b[");
            assertThat(p.plainContent()).doesNotContain("\u001b").contains("maren@kestrel");
        });
    }

    @Test
    void aFullDayOfSegmentsFitsWithoutOverlap() {
        DemoGenerator.generate(tmp.resolve("j"), new DemoSpec(1, 288, 1, END), false, DemoProgress.NONE);
        Journal journal = Journal.open(tmp.resolve("j"));
        List<Segment> segs = journal.days().segments(new Day(END));
        assertThat(segs).hasSize(288);
        for (int i = 1; i < segs.size(); i++) {
            assertThat(segs.get(i).start()).isAfterOrEqualTo(segs.get(i - 1).end());
        }
    }

    @Test
    void refusesANonEmptyFolderThatIsNotAJournalEvenWithForce() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        for (boolean force : new boolean[] {false, true}) {
            assertThatThrownBy(() -> DemoGenerator.generate(dir, SMALL, force, DemoProgress.NONE))
                    .isInstanceOf(DemoRefusedException.class).hasMessageContaining("not empty");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    void neverReplacesARealJournalEvenWithForce() {
        Path dir = tmp.resolve("real");
        Journal.create(dir, "Someone Real");
        for (boolean force : new boolean[] {false, true}) {
            assertThatThrownBy(() -> DemoGenerator.generate(dir, SMALL, force, DemoProgress.NONE))
                    .isInstanceOf(DemoRefusedException.class).hasMessageContaining("real journal")
                    .hasMessageContaining("--journal");
            assertThat(Journal.open(dir).config().identity().name()).isEqualTo("Someone Real");
        }
    }

    @Test
    void leavesAnExistingDemoJournalAloneUnlessForced() throws IOException {
        Path dir = tmp.resolve("j");
        DemoGenerator.generate(dir, SMALL, false, DemoProgress.NONE);
        Map<String, String> before = tree(dir);
        DemoResult again = DemoGenerator.generate(dir, new DemoSpec(2, 2, 9, END), false, DemoProgress.NONE);
        assertThat(again.created()).isFalse();
        assertThat(again.spec()).isEqualTo(SMALL);
        assertThat(tree(dir)).isEqualTo(before);
        DemoResult forced = DemoGenerator.generate(dir, new DemoSpec(2, 2, 9, END), true, DemoProgress.NONE);
        assertThat(forced.created()).isTrue();
        assertThat(JournalSummary.scan(Journal.open(dir)).segments()).isEqualTo(4);
    }

    /** Every file under {@code root}, by relative path, with its content. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
