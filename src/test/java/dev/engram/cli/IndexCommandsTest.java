package dev.engram.cli;

import static dev.engram.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cli.MainTest.Result;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.Todo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code engram index} and {@code engram search}, run in-process on a real journal and index. */
class IndexCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    private String journal() {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        j.days().writeInsight(Day.of(2026, 6, 1), "flow", "# Day\nThe marmot <b>sang</b>.\n\nA quiet evening.\n");
        j.days().writeInsight(Day.of(2026, 6, 2), "flow", "The marmot slept.\n");
        return j.root().toString();
    }

    @Test
    void indexThenSearchAsTextAndJson() throws Exception {
        String journal = journal();
        Result index = run("index", "--journal", journal);
        assertThat(index.code()).as(index.err()).isZero();
        assertThat(index.out()).startsWith("Indexed 2 file(s) (3 chunks), 0 unchanged, 0 removed, 0 skipped");
        assertThat(run("index", "--journal", journal).out()).startsWith("Indexed 0 file(s) (0 chunks), 2 unchanged");
        assertThat(run("index", "--rebuild", "--journal", journal).out()).startsWith("Indexed 2 file(s)");
        assertThat(run("index", "--rebuild", "--day", "20260602", "--journal", journal).out())
                .startsWith("Indexed 1 file(s)");
        Result quiet = run("index", "--rebuild", "--json", "--journal", journal);
        assertThat(quiet.err()).isEmpty();
        JsonNode report = JSON.readTree(quiet.out());
        assertThat(report.get("indexed").asInt()).isEqualTo(2);
        assertThat(report.get("chunks_in_index").asInt()).isEqualTo(3);
        assertThat(run("index", "--progress", "spinner", "--journal", journal).code()).isEqualTo(Failures.USAGE);

        Result text = run("search", "marmot", "--journal", journal);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("2 result(s)").contains("Days: 20260602=1 20260601=1")
                .contains("Topics: flow=2").contains("*marmot* <b>sang</b>").contains("20260601/insights/flow.md:0");

        Result json = run("search", "marmot", "--day", "20260601", "--json", "--journal", journal);
        JsonNode o = JSON.readTree(json.out());
        assertThat(o.get("total").asInt()).isEqualTo(1);
        assertThat(o.get("counts").get("days").get("20260601").asInt()).isEqualTo(1);
        JsonNode hit = o.get("results").get(0);
        assertThat(hit.get("path").asString()).isEqualTo("20260601/insights/flow.md");
        assertThat(hit.get("snippet").asString()).isEqualTo("The <strong>marmot</strong> &lt;b&gt;sang&lt;/b&gt;.");
        assertThat(hit.get("header").asString()).isEqualTo("Day");

        Result range = run("search", "marmot", "--from", "20260602", "--to", "20260630", "--json", "--journal",
                journal);
        assertThat(JSON.readTree(range.out()).get("total").asInt()).isEqualTo(1);
        Result words = run("search", "quiet", "evening", "--topic", "FLOW", "--limit", "1", "--json", "--journal",
                journal);
        assertThat(JSON.readTree(words.out()).get("total").asInt()).isEqualTo(1);
        Result odd = run("search", "it's \"", "NOT", "--journal", journal);
        assertThat(odd.code()).as(odd.err()).isZero();

        // --json's counts (by facet, topic and day, over all matches) and paging with --offset/--limit
        Journal j = Journal.open(Path.of(journal));
        j.facetStore("work").create(new Facet("work", "Work", "", "", "", false, Extra.empty()));
        j.facetStore("work").addTodo(Day.of(2026, 6, 2), Todo.open("Feed the marmot", Optional.empty(), 1L));
        assertThat(run("index", "--journal", journal).out()).startsWith("Indexed 1 file(s)");
        JsonNode all = JSON.readTree(run("search", "marmot", "--json", "--journal", journal).out());
        assertThat(all.get("total").asInt()).isEqualTo(3);
        JsonNode counts = all.get("counts");
        assertThat(counts.get("facets").properties()).extracting(Map.Entry::getKey).containsExactly("work");
        assertThat(counts.get("facets").get("work").asInt()).isEqualTo(1);
        assertThat(counts.get("topics").get("flow").asInt()).isEqualTo(2);
        assertThat(counts.get("topics").get("todo").asInt()).isEqualTo(1);
        assertThat(counts.get("days").get("20260601").asInt()).isEqualTo(1);
        assertThat(counts.get("days").get("20260602").asInt()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        all.get("results").forEach(h -> ids.add(h.get("id").asString()));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        JsonNode first = JSON.readTree(run("search", "marmot", "--limit", "2", "--json", "--journal", journal).out());
        JsonNode second = JSON.readTree(run("search", "marmot", "--limit", "2", "--offset", "2", "--json", "--journal",
                journal).out());
        JsonNode past = JSON.readTree(run("search", "marmot", "--limit", "2", "--offset", "3", "--json", "--journal",
                journal).out());
        for (JsonNode page : List.of(first, second, past)) {
            assertThat(page.get("total").asInt()).isEqualTo(3); // the total and counts never depend on the page
            assertThat(page.get("counts")).isEqualTo(counts);
            assertThat(page.get("limit").asInt()).isEqualTo(2);
        }
        assertThat(second.get("offset").asInt()).isEqualTo(2);
        List<String> paged = new ArrayList<>();
        first.get("results").forEach(h -> paged.add(h.get("id").asString()));
        assertThat(paged).hasSize(2);
        second.get("results").forEach(h -> paged.add(h.get("id").asString()));
        assertThat(paged).isEqualTo(ids); // the pages, in order, are the unpaged results
        assertThat(past.get("results")).isEmpty();
        assertThat(run("search", "marmot", "--offset", "-1", "--journal", journal).code()).isEqualTo(Failures.USAGE);
    }

    @Test
    void embedThenSearchByModeAndNewFilters() throws Exception {
        String journal = journal();
        Result index = run("index", "--embed", "--journal", journal);
        assertThat(index.code()).as(index.err()).isZero();
        assertThat(index.out()).contains("Embedded 3 chunk(s)").contains("3 of 3 chunks have vectors");
        JsonNode hybrid = JSON.readTree(run("search", "marmot", "--json", "--journal", journal).out());
        assertThat(hybrid.get("mode").asString()).isEqualTo("hybrid");
        JsonNode keyword = JSON.readTree(run("search", "marmot", "--mode", "KEYWORD", "--json", "--journal", journal)
                .out());
        assertThat(keyword.get("mode").asString()).isEqualTo("keyword");
        assertThat(keyword.get("total").asInt()).isEqualTo(2);
        Result semantic = run("search", "a", "rodent", "singing", "--mode", "semantic", "--journal", journal);
        assertThat(semantic.out()).contains("semantic search").contains("20260601/insights/flow.md:0");
        assertThat(run("search", "x", "--mode", "fuzzy", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        assertThat(run("search", "x", "--time-bucket", "noon", "--journal", journal).code())
                .isEqualTo(Failures.USAGE);
        assertThat(run("search", "marmot", "--time-bucket", "night", "--stream", "laptop", "--entity", "Ana",
                "--journal", journal).code()).isZero();

        // the filters narrow: the insights have no time, stream or Ana; then two timed segments, one on a stream
        Function<List<String>, Integer> total = filters -> {
            List<String> args = new ArrayList<>(List.of("search", "marmot", "--mode", "keyword", "--json",
                    "--journal", journal));
            args.addAll(filters);
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            return JSON.readTree(r.out()).get("total").asInt();
        };
        assertThat(total.apply(List.of("--time-bucket", "night"))).isZero();
        assertThat(total.apply(List.of("--entity", "Ana"))).isZero();
        Journal j = Journal.open(Path.of(journal));
        Day day = Day.of(2026, 6, 2);
        SegmentFiles night = j.days().files(j.days().createSegment(day, SegmentKey.of(LocalTime.of(22, 0), 300)));
        night.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(),
                List.of(AudioTranscript.Utterance.of("00:00:10", "The marmot whistled in the dark.", "Ana"))));
        night.writeStream("stream.json", new ByteArrayInputStream("{\"stream\": \"laptop\"}".getBytes(
                StandardCharsets.UTF_8)), 1024);
        j.days().files(j.days().createSegment(day, SegmentKey.of(LocalTime.of(9, 0), 300))).writeAudio(
                new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                        AudioTranscript.Utterance.of("00:00:10", "A marmot at breakfast with Ana.", "Ben"))));
        assertThat(run("index", "--journal", journal).code()).isZero();
        assertThat(total.apply(List.of())).isEqualTo(4);
        assertThat(total.apply(List.of("--time-bucket", "night"))).isEqualTo(1);
        assertThat(total.apply(List.of("--time-bucket", "MORNING"))).isEqualTo(1);
        assertThat(total.apply(List.of("--time-bucket", "evening"))).isZero();
        assertThat(total.apply(List.of("--stream", "laptop"))).isEqualTo(1);
        assertThat(total.apply(List.of("--stream", "phone"))).isZero();
        assertThat(total.apply(List.of("--entity", "Ana"))).isEqualTo(2);
        assertThat(total.apply(List.of("--entity", "Ana", "--time-bucket", "morning"))).isEqualTo(1);
        assertThat(total.apply(List.of("--time-bucket", "night", "--stream", "laptop", "--entity", "Ana")))
                .isEqualTo(1);
        assertThat(total.apply(List.of("--time-bucket", "morning", "--stream", "laptop"))).isZero();
    }

    /** Damage Lucene opens without complaint is found by {@code engram index} too, not only by the service. */
    @Test
    void aDamagedIndexIsRebuiltByIndexWithOneWarning() throws Exception {
        String journal = journal();
        assertThat(run("index", "--journal", journal).code()).isZero();
        dev.engram.index.IndexDamage.flipStoredTexts(Path.of(journal), false);
        assertThat(run("search", "", "--limit", "1000", "--journal", journal).code()).isEqualTo(Failures.FAILURE);
        Result index = run("index", "--journal", journal);
        assertThat(index.code()).as(index.err()).isZero();
        assertThat(index.err().lines().filter(l -> l.contains("warning"))).singleElement().asString()
                .contains("is damaged").contains("rebuilding it from the journal");
        assertThat(index.out()).startsWith("Indexed 2 file(s) (3 chunks)");
        Result all = run("search", "", "--limit", "1000", "--json", "--journal", journal);
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(JSON.readTree(all.out()).get("total").asInt()).isEqualTo(3);
        Result again = run("index", "--json", "--journal", journal);
        assertThat(again.err()).isEmpty();
        assertThat(JSON.readTree(again.out()).has("rebuilt_damaged")).isFalse();
    }

    @Test
    void errorsAreOneLineWithTheUsualExitCodes() {
        String journal = journal();
        Result none = run("search", "marmot", "--journal", journal);
        assertThat(none.code()).isEqualTo(Failures.FAILURE);
        assertThat(none.err().strip()).startsWith("engram: no search index").contains("run 'engram index'")
                .doesNotContain("\n");
        run("index", "--journal", journal);
        assertThat(run("search", "x", "--day", "2026-06-01", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        assertThat(run("search", "x", "--day", "20260601", "--from", "20260601", "--journal", journal).code())
                .isEqualTo(Failures.USAGE);
        assertThat(run("search", "x", "--from", "20260602", "--to", "20260601", "--journal", journal).code())
                .isEqualTo(Failures.USAGE);
        assertThat(run("search", "x", "--limit", "0", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        assertThat(run("search", "x", "--limit", "many", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        assertThat(run("search", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        assertThat(run("index", "--day", "tomorrow", "--journal", journal).code()).isEqualTo(Failures.USAGE);
        // the filters the search app's HTTP API refuses (400 invalid_facet, invalid_stream) are usage errors here
        Result facet = run("search", "x", "--facet", "../x", "--journal", journal);
        assertThat(facet.code()).isEqualTo(Failures.USAGE);
        assertThat(facet.err().lines().findFirst().orElseThrow()).startsWith("engram search: invalid facet name")
                .contains("../x");
        Result stream = run("search", "x", "--stream", "Bad Stream", "--journal", journal);
        assertThat(stream.code()).isEqualTo(Failures.USAGE);
        assertThat(stream.err().lines().findFirst().orElseThrow()).contains("invalid --stream 'Bad Stream'");
        assertThat(facet.out() + stream.out()).isEmpty();
        assertThat(run("search", "marmot", "--facet", "Work-2", "--stream", "Laptop.tmux", "--journal", journal)
                .code()).isZero();
        Result missing = run("index", "--journal", tmp.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(Failures.FAILURE);
        assertThat(Files.exists(tmp.resolve("nowhere"))).isFalse();
    }
}
