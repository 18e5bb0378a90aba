package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import java.time.LocalTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of journal file, through the real formatters into a real Lucene index on disk. */
class IndexContentTest {
    @TempDir
    Path tmp;
    private final List<String> warnings = new ArrayList<>();
    private KeywordIndex index;
    private Journal journal;

    @BeforeEach
    void build() {
        journal = SmallJournal.create(tmp.resolve("journal"));
        index = KeywordIndex.open(journal, warnings::add);
        IndexReport r = index.catchUp(Optional.empty(), false);
        assertThat(r.skipped()).isZero();
        assertThat(r.indexed()).isEqualTo(9);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private SearchHit only(String query) {
        SearchResults r = index.search(SearchQuery.of(query));
        assertThat(r.hits()).as(query).hasSize(1);
        return r.hits().getFirst();
    }

    @Test
    void dayInsightsKeepTheirHeaderPathAndOrdinal() {
        SearchHit h = only("zebra");
        assertThat(h.path()).isEqualTo("20260302/insights/flow.md");
        assertThat(h.topic()).isEqualTo("flow");
        assertThat(h.day()).contains("20260302");
        assertThat(h.header()).isEqualTo("Work day > Meetings");
        assertThat(h.ordinal()).isEqualTo(1);
        assertThat(h.id()).isEqualTo("20260302/insights/flow.md:1");
        assertThat(h.segment()).isEmpty();
        // the header path is searchable too, and a table row carries its head
        assertThat(index.search(SearchQuery.of("interruptions metric")).hits()).hasSize(1);
        assertThat(only("quokka").text()).startsWith("```");
    }

    @Test
    void segmentFilesCarryTheSegmentAndTheTimeOfTheMoment() {
        SearchHit audio = only("pelican");
        assertThat(audio.topic()).isEqualTo("audio");
        assertThat(audio.segment()).contains("140000_300");
        assertThat(audio.time()).contains("14:00:05");
        assertThat(audio.text()).isEqualTo("Ana: Did the pelican report ship?\nBen: Not yet, it ships Thursday.");

        SearchHit screen = only("walrus");
        assertThat(screen.topic()).isEqualTo("screen");
        assertThat(screen.time()).contains("14:00:30");

        SearchHit tmux = only("ocelot");
        assertThat(tmux.topic()).isEqualTo("tmux");
        assertThat(tmux.path()).isEqualTo("20260302/140000_300/tmux_dev_screen.jsonl");
        assertThat(tmux.text()).contains("error: ocelot not found").doesNotContain("\u001B").doesNotContain("[0m");

        SearchHit md = only("kestrel");
        assertThat(md.topic()).isEqualTo("activity");
        assertThat(md.time()).contains("14:00:00");
    }

    @Test
    void anImportedTranscriptIsAtItsClockTimesAndEveryChunkInItsSegmentStartsBucket() {
        // an import's starts are clock times (spec §4): a line at 10:03 in a segment starting 10:03 is at 10:03
        Segment imported = journal.days().createSegment(SmallJournal.DAY2, SegmentKey.of(LocalTime.of(10, 3), 300));
        journal.days().files(imported).writeAudio(new AudioTranscript("imported_audio.jsonl", AudioTranscript.FORMAT,
                Extra.parse("{\"imported\": {\"id\": \"20261127_090000\", \"facet\": \"work\"}}"), List.of(
                AudioTranscript.Utterance.of("10:03:00", "The zebrafish tank needs cleaning.", "Ana"))));
        // the bucket follows the segment start (spec §5, HEAD): a segment from 11:58 is morning past noon too
        Segment late = journal.days().createSegment(SmallJournal.DAY2, SegmentKey.of(LocalTime.of(11, 58), 600));
        List<AudioTranscript.Utterance> lines = new ArrayList<>();
        for (int i = 0; i < FileFormats.UTTERANCES_PER_CHUNK; i++) {
            lines.add(AudioTranscript.Utterance.of("00:00:1" + i, "The axolotl note " + i + ".", "Ben"));
        }
        lines.add(AudioTranscript.Utterance.of("00:05:00", "The axolotl lunch after noon.", "Ben"));
        journal.days().files(late).writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT,
                Extra.empty(), lines));
        assertThat(index.catchUp(Optional.empty(), false).indexed()).isEqualTo(2);

        SearchHit fish = only("zebrafish");
        assertThat(fish.segment()).contains("100300_300");
        assertThat(fish.time()).contains("10:03:00");
        assertThat(fish.timeBucket()).contains("morning");
        SearchHit noon = only("lunch");
        assertThat(noon.time()).contains("12:03:00");
        assertThat(noon.timeBucket()).contains("morning");
        assertThat(index.search(SearchQuery.of("axolotl").withTimeBucket("morning")).total()).isEqualTo(2);
        assertThat(index.search(SearchQuery.of("axolotl").withTimeBucket("afternoon")).total()).isZero();
        // a chunk without a segment keeps its own time's bucket (the 10:30 event)
        assertThat(only("flamingo").timeBucket()).contains("morning");
        assertThat(index.search(SearchQuery.of("narwhal").withTimeBucket("afternoon")).total()).isEqualTo(1);
    }

    @Test
    void facetFilesCarryTheirFacetDayAndTime() {
        SearchHit event = only("flamingo");
        assertThat(event.topic()).isEqualTo("event");
        assertThat(event.facet()).contains("work");
        assertThat(event.day()).contains("20260302");
        assertThat(event.time()).contains("10:30:00");
        assertThat(event.text()).contains("Budget sync").contains("Participants: Ana, Ben");

        SearchHit todo = only("narwhal");
        assertThat(todo.topic()).isEqualTo("todo");
        assertThat(todo.text()).isEqualTo("[ ] Send the narwhal invoice");
        assertThat(todo.time()).contains("16:00");

        SearchHit entity = only("iguana");
        assertThat(entity.topic()).isEqualTo("entity:attached");
        assertThat(entity.day()).isEmpty();
        assertThat(entity.text()).isEqualTo("Ana Lima (Person): Runs the iguana project");

        SearchHit news = only("lynx");
        assertThat(news.topic()).isEqualTo("news");
        assertThat(news.facet()).contains("home");
        assertThat(news.day()).contains("20260303");
        assertThat(news.header()).isEqualTo("News");
    }

    @Test
    void countsByFacetTopicAndDayFollowTheFilters() {
        SearchResults all = index.search(SearchQuery.of(""));
        assertThat(all.total()).isEqualTo(all.topics().values().stream().mapToLong(Long::longValue).sum());
        assertThat(all.days()).containsOnlyKeys("20260303", "20260302");
        assertThat(all.days().keySet()).first().isEqualTo("20260303"); // newest first
        assertThat(all.facets()).containsEntry("home", 1L);

        SearchResults work = index.search(SearchQuery.of("").withFacet("WORK"));
        assertThat(work.facets()).containsOnlyKeys("work");
        assertThat(work.topics()).containsOnlyKeys("event", "todo", "entity:attached");
        assertThat(index.search(SearchQuery.of("").withTopic("flow")).total()).isEqualTo(6);
        assertThat(index.search(SearchQuery.of("").withDay(SmallJournal.DAY2)).total()).isEqualTo(1);
        assertThat(index.search(SearchQuery.of("").withRange(SmallJournal.DAY1, SmallJournal.DAY1)).days())
                .containsOnlyKeys("20260302");
        assertThat(index.search(SearchQuery.of("").withRange(SmallJournal.DAY2, null)).total()).isEqualTo(1);
    }

    @Test
    void pagingSkipsAndLimits() {
        SearchResults first = index.search(SearchQuery.of("").withTopic("flow").withPage(4, 0));
        SearchResults second = index.search(SearchQuery.of("").withTopic("flow").withPage(4, 4));
        assertThat(first.hits()).hasSize(4);
        assertThat(second.hits()).hasSize(2);
        assertThat(second.total()).isEqualTo(6);
        assertThat(first.hits()).extracting(SearchHit::id).doesNotContainAnyElementsOf(
                second.hits().stream().map(SearchHit::id).toList());
    }
}
