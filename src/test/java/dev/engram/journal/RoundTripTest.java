package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every record type read from our own fixture ({@code journal-fixtures/rt}), written to a fresh journal with the
 * journal API, and read back: the records are equal, and fields Engram does not model survive in the written file.
 */
class RoundTripTest {
    private static final Day DAY = Day.of(2024, 3, 1);
    private static final SegmentKey SEG = SegmentKey.parse("093000_300");

    @TempDir
    Path tmp;
    Journal source;
    Journal fresh;
    WarningSink.Collecting warnings = TestJournals.sink();

    @BeforeEach
    void setUp() {
        source = Journal.open(TestJournals.copyFixture("rt", tmp.resolve("source"))).withWarnings(warnings);
        fresh = Journal.create(tmp.resolve("fresh"), null).withWarnings(warnings);
    }

    private String text(Journal j, String rel) throws Exception {
        return Files.readString(j.root().resolve(rel), StandardCharsets.UTF_8);
    }

    private JsonNode json(Journal j, String rel) throws Exception {
        return Json.MAPPER.readTree(text(j, rel));
    }

    @Test
    void journalJsonIdentityAndConvey() throws Exception {
        JournalConfig read = source.config();
        assertThat(read.identity().name()).isEqualTo("Ada Example");
        assertThat(read.identity().pronouns().reflexive()).isEqualTo("herself");
        assertThat(read.identity().aliases()).containsExactly("A.E.");
        assertThat(read.identity().emailAddresses()).containsExactly("ada@example.invalid");
        assertThat(read.identity().timezone()).isEqualTo("Europe/Lisbon");
        assertThat(read.convey().password()).contains("fixture-pw");

        fresh.updateConfig(c -> read);
        assertThat(fresh.config()).isEqualTo(read);
        JsonNode written = json(fresh, "config/journal.json");
        assertThat(written.get("x_top_level").asBoolean()).isTrue();
        assertThat(written.get("identity").get("entity").asString()).isEqualTo("Ada Example (person)");
        assertThat(written.get("identity").get("x_identity_custom").get("nested").get(1).asInt()).isEqualTo(2);
        assertThat(written.get("convey").get("x_theme").asString()).isEqualTo("dark");

        // A read-modify-write in place keeps the unknown fields too.
        source.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(true)));
        JsonNode inPlace = json(source, "config/journal.json");
        assertThat(inPlace.get("x_top_level").asBoolean()).isTrue();
        assertThat(inPlace.get("convey").get("x_theme").asString()).isEqualTo("dark");
        assertThat(inPlace.get("convey").get("trust_localhost").asBoolean()).isTrue();
    }

    @Test
    void conveyJsonKeepsNestedUnknownKeys() throws Exception {
        ConveyPrefs read = source.conveyPrefs();
        assertThat(read.facetOrder()).containsExactly("alpha", "beta");
        assertThat(read.selectedFacet()).contains("alpha");
        assertThat(read.appOrder()).containsExactly("home", "todos");
        assertThat(read.starredApps()).containsExactly("todos");

        fresh.updateConveyPrefs(p -> read);
        assertThat(fresh.conveyPrefs()).isEqualTo(read);
        JsonNode written = json(fresh, "config/convey.json");
        assertThat(written.get("facets").get("x_collapsed").get(0).asString()).isEqualTo("beta");
        assertThat(written.get("apps").get("x_badges").get("todos").asInt()).isEqualTo(3);
        assertThat(written.get("x_layout").asString()).isEqualTo("wide");

        source.updateConveyPrefs(p -> p.withSelectedFacet(Optional.of("beta")));
        JsonNode inPlace = json(source, "config/convey.json");
        assertThat(inPlace.get("facets").get("selected").asString()).isEqualTo("beta");
        assertThat(inPlace.get("facets").get("x_collapsed").get(0).asString()).isEqualTo("beta");
        assertThat(inPlace.get("apps").get("x_badges").get("todos").asInt()).isEqualTo(3);
    }

    @Test
    void facetJson() throws Exception {
        Facet read = source.facet("alpha").orElseThrow();
        assertThat(read.title()).isEqualTo("Alpha Project");
        assertThat(read.color()).isEqualTo("#336699");
        assertThat(read.emoji()).isEqualTo("🧪");

        fresh.facetStore("alpha").save(read);
        assertThat(fresh.facet("alpha")).contains(read);
        assertThat(json(fresh, "facets/alpha/facet.json").get("x_priority").asInt()).isEqualTo(7);
    }

    @Test
    void attachedEntitiesWithAkaDetachedTimesAndCustomFields() throws Exception {
        List<Entity> read = source.facetStore("alpha").entities();
        assertThat(read).extracting(Entity::name).containsExactly("Grace Sample", "Widget Works", "Lathe");
        Entity grace = read.get(0);
        assertThat(grace.aka()).containsExactly("Gracie", "G.S.");
        assertThat(grace.attachedAt()).hasValue(1709280000000L);
        assertThat(grace.updatedAt()).hasValue(1709290000000L);
        assertThat(grace.extra().string("x_role")).contains("lead");
        assertThat(read.get(1).detached()).isTrue();
        assertThat(source.facetStore("alpha").attachedEntities()).extracting(Entity::name)
                .containsExactly("Grace Sample", "Lathe");

        fresh.facetStore("alpha").updateEntities(current -> read);
        assertThat(fresh.facetStore("alpha").entities()).isEqualTo(read);
        String written = text(fresh, "facets/alpha/entities.jsonl");
        assertThat(written).contains("\"x_contact\":{\"email\":\"grace@example.invalid\"}")
                .contains("\"x_tags\":[\"shop\",\"metal\"]").contains("\"detached\":true");
    }

    @Test
    void detectedEntities() throws Exception {
        List<Entity> read = source.facetStore("alpha").detectedEntities(DAY);
        assertThat(read).extracting(Entity::name).containsExactly("Linus Placeholder", "Bridge");
        fresh.facetStore("alpha").addDetected(DAY, read);
        assertThat(fresh.facetStore("alpha").detectedEntities(DAY)).isEqualTo(read);
        assertThat(fresh.facetStore("alpha").detectedDays()).containsExactly(DAY);
        assertThat(text(fresh, "facets/alpha/entities/20240301.jsonl")).contains("\"x_seen_in\":\"093000_300\"");
    }

    @Test
    void events() throws Exception {
        List<FacetEvent> read = source.facetStore("alpha").events(DAY);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).start()).contains("09:30:00");
        assertThat(read.get(0).participants()).containsExactly("Ada", "Grace");
        assertThat(read.get(1).start()).isEmpty();
        assertThat(read.get(1).date()).contains("2024-03-08");
        assertThat(read.get(1).occurred()).isFalse();

        fresh.facetStore("alpha").appendEvents(DAY, read);
        assertThat(fresh.facetStore("alpha").events(DAY)).isEqualTo(read);
        assertThat(text(fresh, "facets/alpha/events/20240301.jsonl")).contains("\"x_room\":\"B2\"");
    }

    @Test
    void todos() throws Exception {
        List<Todo> read = source.facetStore("alpha").todos(DAY);
        assertThat(read).extracting(Todo::id).containsExactly(1, 2, 4);
        assertThat(read).extracting(Todo::status)
                .containsExactly(Todo.Status.OPEN, Todo.Status.OPEN, Todo.Status.DONE);
        assertThat(read.get(0).time()).contains("10:00");
        assertThat(warnings.warnings()).anySatisfy(w -> {
            assertThat(w.file()).isEqualTo("facets/alpha/todos/20240301.jsonl");
            assertThat(w.line()).isEqualTo(3);
        });

        FacetStore target = fresh.facetStore("alpha");
        read.forEach(t -> target.addTodo(DAY, t));
        // In a fresh file the ids are new line numbers; everything else is equal.
        assertThat(target.todos(DAY)).extracting(Todo::id).containsExactly(1, 2, 3);
        assertThat(target.todos(DAY).stream().map(t -> t.withId(0)).toList())
                .isEqualTo(read.stream().map(t -> t.withId(0)).toList());
        assertThat(text(fresh, "facets/alpha/todos/20240301.jsonl")).contains("\"x_priority\":\"high\"");
    }

    @Test
    void news() {
        String read = source.facetStore("alpha").news(DAY).orElseThrow();
        assertThat(read).startsWith("# News for 2024-03-01");
        fresh.facetStore("alpha").writeNews(DAY, read);
        assertThat(fresh.facetStore("alpha").news(DAY)).contains(read);
        assertThat(fresh.facetStore("alpha").newsDays()).containsExactly(DAY);
    }

    @Test
    void facetLogs() throws Exception {
        List<ActionLogEntry> read = source.facetStore("alpha").logs(DAY);
        assertThat(read).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("todo_add");
            assertThat(e.facet()).contains("alpha");
            assertThat(e.agentId()).contains("1709280000123");
            assertThat(e.params().string("text")).contains("Buy solder");
        });
        read.forEach(e -> fresh.facetStore("alpha").log(DAY, e));
        assertThat(fresh.facetStore("alpha").logs(DAY)).isEqualTo(read);
        assertThat(text(fresh, "facets/alpha/logs/20240301.jsonl")).contains("\"x_nested\":{\"k\":1}")
                .contains("\"x_trace\":\"abc\"");
    }

    @Test
    void configActions() throws Exception {
        List<ActionLogEntry> read = source.actions().read(DAY);
        assertThat(read).singleElement().satisfies(e -> {
            assertThat(e.timestamp()).isEqualTo("2024-03-01T08:00:00+01:00");
            assertThat(e.source()).isEqualTo("app");
            assertThat(e.facet()).isEmpty();
        });
        read.forEach(e -> fresh.actions().log(DAY, e));
        assertThat(fresh.actions().read(DAY)).isEqualTo(read);
        assertThat(fresh.actions().days()).containsExactly(DAY);
        assertThat(text(fresh, "config/actions/20240301.jsonl")).contains("\"x_client\":\"web\"");
    }

    @Test
    void tokens() throws Exception {
        List<TokenUsage> read = source.tokens().read(DAY);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).timestamp()).isEqualTo(1709280000.125);
        assertThat(read.get(0).usage().totalTokens()).isEqualTo(150);
        assertThat(read.get(0).segment()).contains("093000_300");
        assertThat(read.get(1).usage().totalTokens()).isEqualTo(10); // missing total: input + output
        read.forEach(u -> fresh.tokens().record(DAY, u));
        assertThat(fresh.tokens().read(DAY)).isEqualTo(read);
        assertThat(text(fresh, "tokens/20240301.jsonl")).contains("\"cached_tokens\":10").contains("\"x_cost\":0.01");
    }

    @Test
    void agentLogsIncludingActiveToCompleteRename() throws Exception {
        String id = "1709280000123";
        Agents.Run run = source.agents().read(id).orElseThrow();
        assertThat(run.active()).isTrue();
        assertThat(run.events()).extracting(AgentEvent::event)
                .containsExactly("request", "start", "tool_start", "tool_end");

        Agents agents = fresh.agents();
        run.events().forEach(e -> agents.append(id, e));
        assertThat(agents.status(id)).isEqualTo(Agents.Status.RUNNING);
        assertThat(agents.read(id).orElseThrow().events()).isEqualTo(run.events());
        agents.complete(id);
        assertThat(agents.status(id)).isEqualTo(Agents.Status.COMPLETED);
        assertThat(fresh.root().resolve("agents/" + id + "_active.jsonl")).doesNotExist();
        assertThat(fresh.root().resolve("agents/" + id + ".jsonl")).exists();
        Agents.Run done = agents.read(id).orElseThrow();
        assertThat(done.active()).isFalse();
        assertThat(done.events()).isEqualTo(run.events());
        assertThat(agents.ids()).containsExactly(id);
        assertThat(text(fresh, "agents/" + id + ".jsonl")).contains("\"x_meta\":{\"a\":1}");
    }

    @Test
    void audioTranscriptWithMetadataLine() throws Exception {
        SegmentFiles files = source.days().files(source.days().segment(DAY, SEG).orElseThrow());
        List<AudioTranscript> read = files.audio();
        assertThat(read).singleElement().satisfies(t -> {
            assertThat(t.format()).isEqualTo(AudioTranscript.FORMAT);
            assertThat(t.raw()).contains("audio.flac");
            assertThat(t.meta().string("setting")).contains("office");
            assertThat(t.utterances()).extracting(AudioTranscript.Utterance::text)
                    .containsExactly("Good morning.", "Morning, Ada.");
            assertThat(t.utterances().get(0).speaker()).contains("0");
            assertThat(t.utterances().get(1).speaker()).contains("Grace");
        });
        SegmentFiles target = fresh.days().files(fresh.days().createSegment(DAY, SEG));
        target.writeAudio(read.get(0));
        assertThat(target.audio()).isEqualTo(read);
        String written = text(fresh, "20240301/093000_300/audio.jsonl");
        JsonNode meta = Json.MAPPER.readTree(written.lines().findFirst().orElseThrow());
        assertThat(meta.has("start")).isFalse();
        assertThat(meta.get("x_meta").asString()).isEqualTo("kept");
        assertThat(written).contains("\"x_conf\":0.9").contains("\"timings\":{\"total\":1.5}");
    }

    @Test
    void screenExtractsIncludingTmuxFrames() throws Exception {
        SegmentFiles files = source.days().files(source.days().segment(DAY, SEG).orElseThrow());
        List<ScreenExtract> read = files.screens();
        assertThat(read).extracting(ScreenExtract::fileName).containsExactly("screen.jsonl", "tmux_main_screen.jsonl");
        ScreenExtract screen = read.get(0);
        assertThat(screen.format()).isEqualTo(ScreenExtract.FORMAT);
        assertThat(screen.isTmux()).isFalse();
        assertThat(screen.frames()).extracting(ScreenFrame::primary).containsExactly("code", "messaging");
        assertThat(screen.frames().get(1).overlap()).isTrue();
        assertThat(screen.frames().get(1).category("messaging")).contains("- hi");
        ScreenExtract tmux = read.get(1);
        assertThat(tmux.isTmux()).isTrue();
        ScreenFrame.TmuxCapture capture = tmux.frames().get(0).tmux().orElseThrow();
        assertThat(capture.session()).isEqualTo("main");
        assertThat(capture.panes()).singleElement().satisfies(p -> {
            assertThat(p.width()).isEqualTo(80);
            assertThat(p.active()).isTrue();
            assertThat(p.plainContent()).isEqualTo("$ ls\nfile.txt");
        });

        SegmentFiles target = fresh.days().files(fresh.days().createSegment(DAY, SEG));
        read.forEach(target::writeScreen);
        assertThat(target.screens()).isEqualTo(read);
        JsonNode frame = Json.MAPPER.readTree(text(fresh, "20240301/093000_300/screen.jsonl").lines().skip(1)
                .findFirst().orElseThrow());
        assertThat(frame.get("analysis").get("x_confidence").get("code").asDouble()).isEqualTo(0.8);
        assertThat(frame.get("requests").get(0).get("model").asString()).isEqualTo("m");
        assertThat(frame.get("x_frame").asString()).isEqualTo("kept");
        JsonNode tmuxFrame = Json.MAPPER.readTree(text(fresh, "20240301/093000_300/tmux_main_screen.jsonl").lines()
                .skip(1).findFirst().orElseThrow());
        assertThat(tmuxFrame.get("content").get("x_other").get("deep").get(0).asInt()).isEqualTo(1);
        assertThat(tmuxFrame.get("content").get("tmux").get("x_client").asString()).isEqualTo("tty");
        assertThat(text(fresh, "20240301/093000_300/tmux_main_screen.jsonl")).contains("\"x_host\":\"box\"");
    }

    @Test
    void segmentEvents() throws Exception {
        SegmentFiles files = source.days().files(source.days().segment(DAY, SEG).orElseThrow());
        List<Extra> read = files.events();
        assertThat(read).extracting(e -> e.string("event").orElseThrow())
                .containsExactly("segment_start", "segment_end");
        SegmentFiles target = fresh.days().files(fresh.days().createSegment(DAY, SEG));
        read.forEach(target::appendEvent);
        assertThat(target.events()).isEqualTo(read);
        assertThat(text(fresh, "20240301/093000_300/events.jsonl")).contains("\"x_nested\":{\"a\":[1,2]}");
    }

    @Test
    void dayInsights() {
        List<Insight> read = source.days().insights(DAY);
        assertThat(read).singleElement().satisfies(i -> {
            assertThat(i.topic()).isEqualTo("flow");
            assertThat(i.markdown()).startsWith("# Flow");
        });
        read.forEach(i -> fresh.days().writeInsight(DAY, i.topic(), i.markdown()));
        assertThat(fresh.days().insights(DAY)).isEqualTo(read);
    }

    @Test
    void segmentInsights() {
        SegmentFiles files = source.days().files(source.days().segment(DAY, SEG).orElseThrow());
        List<Insight> read = files.insights();
        assertThat(read).extracting(Insight::topic).containsExactly("activity");
        SegmentFiles target = fresh.days().files(fresh.days().createSegment(DAY, SEG));
        read.forEach(i -> target.writeInsight(i.topic(), i.markdown()));
        assertThat(target.insights()).isEqualTo(read);
    }

    @Test
    void theFixtureReadsWithoutUnexpectedWarnings() {
        JournalSummary s = JournalSummary.scan(source);
        assertThat(s.segments()).isEqualTo(1);
        assertThat(s.facets()).extracting(JournalSummary.FacetInfo::title).containsExactly("Alpha Project");
        assertThat(s.entities()).isEqualTo(2);
        assertThat(s.events()).isEqualTo(2);
        assertThat(s.warnings()).extracting(Warning::toString)
                .containsExactly("facets/alpha/todos/20240301.jsonl:3: skipped line: not valid JSON: "
                        + "{\"text\": \"Not valid JSON because this line is broken\",");
    }
}
