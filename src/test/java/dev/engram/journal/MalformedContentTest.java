package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legacy and malformed content is skipped with a warning naming file and line; reading never throws. */
class MalformedContentTest {
    private static final Day DAY = Day.of(2024, 1, 2);

    @TempDir
    Path root;
    Journal journal;
    WarningSink.Collecting warnings = TestJournals.sink();

    @BeforeEach
    void setUp() {
        journal = Journal.create(root, "Test Owner").withWarnings(warnings);
    }

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private void assertWarned(String file, int line, String messagePart) {
        assertThat(warnings.warnings()).as("warnings").anySatisfy(w -> {
            assertThat(w.file()).isEqualTo(file);
            assertThat(w.line()).isEqualTo(line);
            assertThat(w.message()).contains(messagePart);
        });
    }

    @Test
    void badJsonNonObjectAndMissingRequiredFieldsAreSkippedWithFileAndLine() throws Exception {
        write("facets/work/facet.json", "{\"title\":\"Work\"}");
        write("facets/work/events/20240102.jsonl", String.join("\n",
                "{\"type\":\"meeting\",\"title\":\"Kept\",\"occurred\":true}",
                "{not json",
                "[1,2,3]",
                "42",
                "{\"type\":\"meeting\",\"summary\":\"no title\"}",
                "",
                "{\"type\":\"call\",\"title\":\"Also kept\"}") + "\n");
        write("facets/work/entities.jsonl", "{\"type\":\"Person\",\"description\":\"no name\"}\n"
                + "{\"type\":\"Person\",\"name\":\"Ok\",\"description\":\"\"}\n\"just a string\"\n");
        write("tokens/20240102.jsonl", "{\"timestamp\":1.0,\"model\":\"m\"}\n");
        write("agents/42.jsonl", "{\"ts\":1}\n{\"event\":\"finish\",\"ts\":2}\n");

        assertThat(journal.facetStore("work").events(DAY)).extracting(FacetEvent::title)
                .containsExactly("Kept", "Also kept");
        String events = "facets/work/events/20240102.jsonl";
        assertWarned(events, 2, "not valid JSON");
        assertWarned(events, 3, "expected a JSON object");
        assertWarned(events, 4, "expected a JSON object");
        assertWarned(events, 5, "event has no 'title'");
        assertThat(warnings.warnings()).noneMatch(w -> w.file().equals(events) && (w.line() == 6 || w.line() == 1));

        assertThat(journal.facetStore("work").entities()).extracting(Entity::name).containsExactly("Ok");
        assertWarned("facets/work/entities.jsonl", 1, "entity has no 'name'");
        assertWarned("facets/work/entities.jsonl", 3, "expected a JSON object");
        assertThat(journal.tokens().read(DAY)).isEmpty();
        assertWarned("tokens/20240102.jsonl", 1, "no 'usage'");
        assertThat(journal.agents().read("42").orElseThrow().events()).hasSize(1);
        assertWarned("agents/42.jsonl", 1, "agent event has no 'event'");
    }

    @Test
    void facetWithoutFacetJsonOrWithBrokenFacetJson() throws Exception {
        Files.createDirectories(root.resolve("facets/old-style"));
        write("facets/broken/facet.json", "{\"title\": ");
        assertThat(journal.facets()).extracting(Facet::name, Facet::title)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broken", "broken"),
                        org.assertj.core.groups.Tuple.tuple("old-style", "old-style"));
        assertWarned("facets/old-style", 0, "no facet.json");
        assertWarned("facets/broken/facet.json", 0, "not valid JSON");
    }

    @Test
    void legacyAudioArrayIsReadWhenAlone() throws Exception {
        write("20240102/100000_300/audio.json",
                "[{\"start\":\"00:00:01\",\"text\":\"Hello\",\"speaker\":1},{\"start\":\"00:00:02\"},"
                        + "{\"start\":\"00:00:03\",\"text\":\"Bye\"}]");
        Segment seg = journal.days().segments(DAY).get(0);
        List<AudioTranscript> audio = journal.days().files(seg).audio();
        assertThat(audio).singleElement().satisfies(t -> {
            assertThat(t.format()).isEqualTo(AudioTranscript.LEGACY_ARRAY);
            assertThat(t.utterances()).extracting(AudioTranscript.Utterance::text).containsExactly("Hello", "Bye");
        });
        assertWarned("20240102/100000_300/audio.json", 0, "legacy transcript format");
        assertWarned("20240102/100000_300/audio.json", 0, "skipped utterance 2");
    }

    @Test
    void legacyAudioArrayIsIgnoredWithAWarningBesideAudioJsonl() throws Exception {
        write("20240102/100000_300/audio.json", "[{\"start\":\"00:00:01\",\"text\":\"Old\"}]");
        write("20240102/100000_300/audio.jsonl", "{\"raw\":\"audio.flac\"}\n{\"start\":\"00:00:01\",\"text\":\"New\"}\n");
        Segment seg = journal.days().segments(DAY).get(0);
        assertThat(journal.days().files(seg).audio()).singleElement().satisfies(t -> {
            assertThat(t.fileName()).isEqualTo("audio.jsonl");
            assertThat(t.utterances()).extracting(AudioTranscript.Utterance::text).containsExactly("New");
        });
        assertWarned("20240102/100000_300/audio.json", 0, "legacy transcript ignored");
    }

    @Test
    void legacyScreenShapeReadsVisibleAsPrimary() throws Exception {
        write("20240102/100000_300/screen.jsonl", "{\"raw\":\"screen.webm\",\"type\":\"screencast\"}\n"
                + "{\"timestamp\":0,\"analysis\":{\"visible\":\"code_editor\",\"visual_description\":\"An IDE\"}}\n"
                + "{\"timestamp\":5,\"analysis\":{\"visible\":\"browser\",\"visual_description\":\"A page\"}}\n");
        Segment seg = journal.days().segments(DAY).get(0);
        assertThat(journal.days().files(seg).screens()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo(ScreenExtract.LEGACY);
            assertThat(s.frames()).extracting(ScreenFrame::primary).containsExactly("code_editor", "browser");
            assertThat(s.frames()).extracting(ScreenFrame::visualDescription).containsExactly("An IDE", "A page");
            assertThat(s.frames().get(1).timestamp()).isEqualTo(5.0);
        });
        assertWarned("20240102/100000_300/screen.jsonl", 0, "legacy screen format");
    }

    @Test
    void outOfRangeSegmentNameIsReadLenientlyWithAWarning() throws Exception {
        Files.createDirectories(root.resolve("20240102/234567_300"));
        Files.createDirectories(root.resolve("20240102/120000_60"));
        Files.createDirectories(root.resolve("20240102/130000_draft"));
        Files.createDirectories(root.resolve("20240102/not-a-segment"));
        List<Segment> segs = journal.days().segments(DAY);
        assertThat(segs).extracting(s -> s.key().key()).containsExactly("120000_60", "234567_300");
        SegmentKey odd = segs.get(1).key();
        assertThat(odd.wellFormed()).isFalse();
        assertThat(odd.start()).isEqualTo(LocalTime.of(23, 46, 7));
        assertThat(segs.get(1).id()).isEqualTo("20240102/234567_300");
        assertWarned("20240102/234567_300", 0, "not a real time of day");
        assertWarned("20240102/not-a-segment", 0, "not a segment");
        assertThat(warnings.warnings()).noneMatch(w -> w.file().contains("draft"));
        // Names from outside are strict.
        assertThatThrownBy(() -> SegmentKey.parse("234567_300")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("HHMMSS_LEN");
    }

    @Test
    void invalidUtf8InAnAppendOnlyFileIsSkippedWithAWarning() throws Exception {
        Path f = root.resolve("facets/work/events/20240102.jsonl");
        Files.createDirectories(f.getParent());
        byte[] good = "{\"title\":\"Good\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'};
        Files.write(f, concat(good, bad, good));
        assertThat(journal.facetStore("work").events(DAY)).hasSize(2);
        assertWarned("facets/work/events/20240102.jsonl", 2, "invalid UTF-8");
    }

    @Test
    void tornLastLineIsEndedBeforeTheNextAppendAndThenSkippedWithAWarning() throws Exception {
        Path f = root.resolve("facets/work/events/20240102.jsonl");
        write("facets/work/events/20240102.jsonl", "{\"title\":\"Complete\"}\n{\"title\":\"Tor");
        assertThat(journal.facetStore("work").events(DAY)).extracting(FacetEvent::title).containsExactly("Complete");
        assertWarned("facets/work/events/20240102.jsonl", 2, "not valid JSON");

        FacetEvent next = new FacetEvent("note", Optional.empty(), Optional.empty(), Optional.empty(), "Appended", "",
                Optional.empty(), "", false, "", false, List.of(), "", Extra.empty());
        journal.facetStore("work").appendEvents(DAY, List.of(next));
        List<String> lines = Files.readString(f).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("{\"title\":\"Tor");
        assertThat(lines.get(2)).startsWith("{\"type\":\"note\"");
        assertThat(Files.readString(f)).endsWith("\n");
        assertThat(journal.facetStore("work").events(DAY)).extracting(FacetEvent::title)
                .containsExactly("Complete", "Appended");
    }

    @Test
    void aJournalFullOfBrokenPartsScansWithoutThrowing() throws Exception {
        write("facets/work/facet.json", "[]");
        write("facets/work/todos/20240102.jsonl", "{\"text\":\"ok\"}\n{bad\n{\"completed\":true}\n");
        write("facets/work/todos/notes.txt", "stray");
        write("facets/work/unknown-thing", "x");
        write("tokens/20240102.jsonl", "{\"usage\":{\"input_tokens\":\"x\"}}\n\u0000\u0001\n");
        write("20240102/100000_300/audio.jsonl", "garbage\n{\"start\":\"0\"}\n");
        write("20240102/100000_300/screen.jsonl", "{\"timestamp\":\"later\",\"analysis\":[]}\n");
        write("20240102/100000_300/monitor_1_diff.json", "{}");
        write("20241399/x.txt", "not a date folder");
        write("config/convey.json", "{\"facets\":[],\"apps\":\"no\"}");
        JournalSummary s = JournalSummary.scan(journal);
        assertThat(s.todosOpen()).isEqualTo(1);
        assertThat(s.warnings()).extracting(Warning::file).contains("facets/work/facet.json",
                "facets/work/todos/20240102.jsonl", "facets/work/todos/notes.txt", "facets/work/unknown-thing",
                "20240102/100000_300/monitor_1_diff.json");
        Segment seg = journal.days().segments(DAY).get(0);
        assertThat(journal.days().files(seg).audio()).singleElement()
                .satisfies(t -> assertThat(t.utterances()).isEmpty());
        assertThat(journal.days().files(seg).screens()).singleElement()
                .satisfies(x -> assertThat(x.frames()).hasSize(1));
        assertThat(journal.conveyPrefs().facetOrder()).isEmpty();
    }

    @Test
    void anUpdateNeverReplacesADocumentItCouldNotRead() throws Exception {
        write("config/journal.json", "{\"identity\": {\"name\": \"Hand edited\",,}");
        byte[] before = Files.readAllBytes(root.resolve("config/journal.json"));
        assertThat(journal.config().identity().name()).isEmpty();
        assertWarned("config/journal.json", 0, "not valid JSON");
        assertThatThrownBy(() -> journal.updateConfig(c -> c)).isInstanceOf(JournalException.class)
                .hasMessageContaining("cannot update config/journal.json").hasMessageContaining("fix or remove");
        assertThat(Files.readAllBytes(root.resolve("config/journal.json"))).isEqualTo(before);
        write("facets/work/facet.json", "[\"not an object\"]");
        assertThatThrownBy(() -> journal.facetStore("work").update(f -> f.withTitle("W")))
                .isInstanceOf(JournalException.class).hasMessageContaining("facets/work/facet.json");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
